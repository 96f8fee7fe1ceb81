using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Numerics;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// Issue 6: one asynchronous sign sweep (a fresh random order over all units) at N = 1,024 with 51 stored patterns,
/// from a probe with 10 % noise, on the compiled path. <see cref="Sweep"/> is a whole <c>Predict</c>: the first product,
/// the sweep and a fresh product for the exact final energy. <see cref="SweepStatesOnly"/> is the same call with
/// <see cref="RecallOptions.FinalEnergy"/> off, <see cref="SweepWithoutFinalProduct"/> the kernel alone without it (the work
/// the NumPy peer times: the first product and the sweep), <see cref="Product"/> and <see cref="ProductBf16"/> the final and
/// the first product alone.
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*AsyncSweepSpeed*' --job short --inProcess
/// </summary>
public class AsyncSweepSpeedBenchmarks
{
    private const int N = 1024;
    private HebbianTrainer _trainer = null!, _statesOnly = null!;
    private ushort[] _bf16 = null!;
    private float[] _probe = null!;
    private RecallWeights _weights = null!;
    private RecallOptions _options = null!;
    private float[] _w = null!, _state = null!, _field = null!;

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
        _weights = RecallWeights.Analyze(net.W, N);
        _options = new RecallOptions { MaxIterations = _trainer.Recall.MaxIterations, Seed = _trainer.Recall.Seed, FinalEnergy = false };
        // A second trainer on the same network, for whole calls without the final energy.
        _statesOnly = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = 1, FinalEnergy = false });
        _statesOnly.ConfigureProgress(showProgress: false);
        _w = net.W.ToArray();
        _bf16 = new ushort[N * N];
        Blas.ToBf16(_w, _bf16);
        _state = new float[N];
        _field = new float[N];
    }

    /// <summary>One sweep.</summary>
    [Benchmark]
    public RecallResult Sweep() => _trainer.Predict(_probe);

    /// <summary>One sweep through <c>Predict</c> with <see cref="RecallOptions.FinalEnergy"/> off (NaN energy).</summary>
    [Benchmark]
    public RecallResult SweepStatesOnly() => _statesOnly.Predict(_probe);

    /// <summary>The first product and the sweep, without the final product (NaN energy): what the NumPy peer times.</summary>
    [Benchmark]
    public RecallResult SweepWithoutFinalProduct()
    {
        _probe.CopyTo(_state, 0);
        return IncrementalSignRecall.Asynchronous(_weights, _state, 0f, _options);
    }

    /// <summary>One matrix-vector product W s (both cores through the hot team).</summary>
    [Benchmark]
    public float[] Product()
    {
        Blas.Gemv(_w, N, _probe, N, _field);
        return _field;
    }

    /// <summary>The same product from the bfloat16 copy of W (the first field of an asynchronous recall).</summary>
    [Benchmark]
    public float[] ProductBf16()
    {
        Blas.GemvBf16(_bf16, N, _probe, N, _field);
        return _field;
    }
}
