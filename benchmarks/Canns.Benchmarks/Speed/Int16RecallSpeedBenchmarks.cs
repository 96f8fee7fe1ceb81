using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// Issue 6: the workloads of <see cref="RecallSpeedBenchmarks"/> (N = 4,096, 410 stored ±1 patterns, synchronous sign
/// recall, 20 iterations at most) on the 16-bit <see cref="Int16HopfieldNetwork"/>: exact integer fields, half the bytes
/// of W. Batch times are per probe (256 probes per call).
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*Int16RecallSpeed*' --job short --inProcess
/// </summary>
public class Int16RecallSpeedBenchmarks
{
    private const int N = 4096, Stored = 410, Batch = 256;
    private Int16HebbianTrainer _trainer = null!;
    private Matrix _random = null!, _noisy = null!;

    /// <summary>Stores the patterns and builds the probes (the same data as <see cref="RecallSpeedBenchmarks"/>).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var patterns = SpeedData.Bipolar(Stored, N, seed: 3);
        var net = new Int16HopfieldNetwork(N, new Int16HopfieldOptions { UpdateMode = UpdateMode.Synchronous });
        _trainer = new Int16HebbianTrainer(net, recall: new RecallOptions { MaxIterations = 20 });
        _trainer.ConfigureProgress(showProgress: false);
        _trainer.Train(patterns);
        _random = SpeedData.Bipolar(Batch, N, seed: 4);
        _noisy = SpeedData.Flip(patterns, Batch, 0.1, seed: 5);
        _trainer.PredictBatch(_random);
    }

    /// <summary>256 random probes, 20 iterations each.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public IReadOnlyList<RecallResult> BatchFixed20() => _trainer.PredictBatch(_random);

    /// <summary>256 probes with 10 % noise.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public IReadOnlyList<RecallResult> BatchNoisy() => _trainer.PredictBatch(_noisy);

    /// <summary>One random probe, 20 synchronous iterations.</summary>
    [Benchmark]
    public RecallResult Single20() => _trainer.Predict(_random.Row(0));

    /// <summary>One probe with 10 % noise.</summary>
    [Benchmark]
    public RecallResult SingleNoisy() => _trainer.Predict(_noisy.Row(0));
}
