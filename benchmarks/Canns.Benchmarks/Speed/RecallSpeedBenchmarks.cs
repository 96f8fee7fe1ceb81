using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Numerics;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// Issue 6: synchronous sign recall at N = 4,096 with 410 stored ±1 patterns (load 0.1), on the compiled path.
/// Batch times are per probe (256 probes per call). Random probes run all 20 iterations (none converges), noisy
/// probes (10 % of bits flipped) stop early as each probe converges.
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*RecallSpeed*' --job short --inProcess
/// </summary>
public class RecallSpeedBenchmarks
{
    private const int N = 4096, Stored = 410, Batch = 256;
    private HebbianTrainer _trainer = null!;
    private Matrix _random = null!, _noisy = null!;

    /// <summary>Whether the batch products take the lane-class GEMM (W packed once per batch) or the older dot-product tiles.</summary>
    [Params(true, false)]
    public bool LaneClasses { get; set; }

    /// <summary>Stores the patterns and builds the probes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Blas.LaneClassGemm = LaneClasses;
        var patterns = SpeedData.Bipolar(Stored, N, seed: 3);
        var net = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous });
        _trainer = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = 20 });
        _trainer.ConfigureProgress(showProgress: false);
        _trainer.Train(patterns);
        _random = SpeedData.Bipolar(Batch, N, seed: 4);
        _noisy = SpeedData.Flip(patterns, Batch, 0.1, seed: 5);
        _trainer.PredictBatch(_random);
    }

    /// <summary>Restores the default kernel.</summary>
    [GlobalCleanup]
    public void Cleanup() => Blas.LaneClassGemm = true;

    /// <summary>256 random probes, 20 iterations each: one GEMM per iteration over all probes.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public IReadOnlyList<RecallResult> BatchFixed20() => _trainer.PredictBatch(_random);

    /// <summary>256 probes with 10 % noise: converged probes leave the batch.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public IReadOnlyList<RecallResult> BatchNoisy() => _trainer.PredictBatch(_noisy);

    /// <summary>One random probe, 20 synchronous iterations.</summary>
    [Benchmark]
    public RecallResult Single20() => _trainer.Predict(_random.Row(0));
}
