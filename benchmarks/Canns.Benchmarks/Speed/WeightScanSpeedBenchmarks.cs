using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// The pass over a 4,096² W (64 MB) that Hebbian storage makes when W is not as the trainer left it: the sign-masked
/// integer max on all cores (what the trainer uses), against TensorPrimitives.MaxMagnitude on one; warm (the same W
/// each time, which the 300 MB L3 of these hosts keeps) and cold (eight W in turn, 512 MB).
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*WeightScanSpeed*' --job short --inProcess
/// </summary>
public class WeightScanSpeedBenchmarks
{
    private const int N = 4096;
    private const int Cold = 8;
    private float[] _w = null!;
    private float[][] _cold = null!;
    private int _next;

    /// <summary>W of Hebbian size with uniform entries: one, and eight to scan in turn.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _w = SpeedData.Uniform(N, N, seed: 3).Data;
        _cold = [.. Enumerable.Range(0, Cold).Select(_ => (float[])_w.Clone())];
    }

    /// <summary>The trainer's scan: bits of max |W|.</summary>
    [Benchmark(Baseline = true)]
    public int MaskedIntegerMax() => WeightBound.MaxMagnitudeBits(_w, _w.Length);

    /// <summary>The trainer's scan on a W last read seven scans ago (memory, not cache).</summary>
    [Benchmark]
    public int MaskedIntegerMaxCold()
    {
        var w = _cold[_next];
        _next = (_next + 1) % Cold;
        return WeightBound.MaxMagnitudeBits(w, w.Length);
    }

    /// <summary>IEEE maximumMagnitude (NaN-propagating), one thread.</summary>
    [Benchmark]
    public float TensorPrimitivesMaxMagnitude() => TensorPrimitives.MaxMagnitude<float>(_w);

    /// <summary>IEEE maximumMagnitude, one thread, cold.</summary>
    [Benchmark]
    public float TensorPrimitivesMaxMagnitudeCold()
    {
        var w = _cold[_next];
        _next = (_next + 1) % Cold;
        return TensorPrimitives.MaxMagnitude<float>(w);
    }
}
