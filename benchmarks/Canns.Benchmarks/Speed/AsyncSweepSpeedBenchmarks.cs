using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// Issue 6: one asynchronous sign sweep (a fresh random order over all units) at N = 1,024 with 51 stored patterns,
/// from a probe with 10 % noise, on the compiled path.
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*AsyncSweepSpeed*' --job short --inProcess
/// </summary>
public class AsyncSweepSpeedBenchmarks
{
    private const int N = 1024;
    private HebbianTrainer _trainer = null!;
    private float[] _probe = null!;

    /// <summary>Stores the patterns and builds the probe.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var patterns = SpeedData.Bipolar(51, N, seed: 6);
        var net = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = UpdateMode.Asynchronous });
        _trainer = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = 1 });
        _trainer.ConfigureProgress(showProgress: false);
        _trainer.Train(patterns);
        _probe = SpeedData.Flip(patterns, 1, 0.1, seed: 7).Row(0).ToArray();
    }

    /// <summary>One sweep.</summary>
    [Benchmark]
    public RecallResult Sweep() => _trainer.Predict(_probe);
}
