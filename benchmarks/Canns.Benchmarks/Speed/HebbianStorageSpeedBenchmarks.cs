using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// Issue 6: Hebbian storage at N = 4,096 (centred, normalised, zero diagonal), one Train call after
/// ResetAccumulation: real patterns (float SYRK), ±1 patterns on the exact integer path, and ±1 patterns forced onto
/// the float path. The setup trains once, so the Gram buffers and W are touched before timing.
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*HebbianStorageSpeed*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class HebbianStorageSpeedBenchmarks
{
    private const int N = 4096;
    private Matrix _real = null!, _bipolar = null!;
    private HebbianTrainer _realTrainer = null!, _integerTrainer = null!, _floatTrainer = null!;

    /// <summary>The number of patterns P.</summary>
    [Params(410, 4096)]
    public int Patterns { get; set; }

    /// <summary>Builds the data and trainers and trains each once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _real = SpeedData.Uniform(Patterns, N, seed: 1);
        _bipolar = SpeedData.Bipolar(Patterns, N, seed: 2);
        _realTrainer = new HebbianTrainer(new AmariHopfieldNetwork(N));
        _integerTrainer = new HebbianTrainer(new AmariHopfieldNetwork(N));
        _floatTrainer = new HebbianTrainer(new AmariHopfieldNetwork(N));
        _floatTrainer.Gram.UseIntegerPath = false;
        StoreReal();
        StoreBipolarInteger();
        StoreBipolarFloat();
    }

    /// <summary>Real-valued patterns: the float symmetric rank-k kernel (like-for-like with NumPy's SYRK).</summary>
    [Benchmark(Baseline = true)]
    public void StoreReal()
    {
        _realTrainer.ResetAccumulation();
        _realTrainer.Train(_real);
    }

    /// <summary>
    /// <see cref="StoreReal"/> after a write to W by someone else (<c>MarkChanged</c>): the trainer no longer knows W's
    /// version, so the call scans W once for NaN, ∞ and its largest entry; the difference from StoreReal is that scan.
    /// </summary>
    [Benchmark]
    public void StoreRealAfterWrite()
    {
        _realTrainer.TrainedParameter.MarkChanged();
        StoreReal();
    }

    /// <summary>±1 patterns on the exact bit-packed popcount path.</summary>
    [Benchmark]
    public void StoreBipolarInteger()
    {
        _integerTrainer.ResetAccumulation();
        _integerTrainer.Train(_bipolar);
    }

    /// <summary>±1 patterns forced onto the float path (the same W, bit for bit).</summary>
    [Benchmark]
    public void StoreBipolarFloat()
    {
        _floatTrainer.ResetAccumulation();
        _floatTrainer.Train(_bipolar);
    }
}
