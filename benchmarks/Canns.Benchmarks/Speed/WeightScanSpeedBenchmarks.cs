using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// The pass over a 4,096² W (64 MB) that Hebbian storage makes when W is not as the trainer left it: the sign-masked
/// integer max on all cores (what the trainer uses), against TensorPrimitives.MaxMagnitude on one.
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*WeightScanSpeed*' --job short --inProcess
/// </summary>
public class WeightScanSpeedBenchmarks
{
    private const int N = 4096;
    private float[] _w = null!;

    /// <summary>A W of Hebbian size with uniform entries.</summary>
    [GlobalSetup]
    public void Setup() => _w = SpeedData.Uniform(N, N, seed: 3).Data;

    /// <summary>The trainer's scan: bits of max |W|.</summary>
    [Benchmark(Baseline = true)]
    public int MaskedIntegerMax() => WeightBound.MaxMagnitudeBits(_w, _w.Length);

    /// <summary>IEEE maximumMagnitude (NaN-propagating), one thread.</summary>
    [Benchmark]
    public float TensorPrimitivesMaxMagnitude() => TensorPrimitives.MaxMagnitude<float>(_w);
}
