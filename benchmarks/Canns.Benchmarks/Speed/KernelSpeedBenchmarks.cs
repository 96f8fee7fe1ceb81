using BenchmarkDotNet.Attributes;
using Canns.Numerics;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// Issue 6: the linear-algebra kernels alone, for GFLOP/s against the machine's peak (about 440 GFLOP/s on both
/// cores): the symmetric rank-4,096 update of one triangle at N = 4,096 (68.7 GFLOP), the popcount Gram of the same
/// shape, and the dot-order GEMM of batched recall (256 × 4,096 × 4,096, 8.6 GFLOP).
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*KernelSpeed*' --job short --inProcess
/// </summary>
public class KernelSpeedBenchmarks
{
    private const int N = 4096, P = 4096, B = 256;
    private float[] _x = null!, _bipolar = null!, _gram = null!, _probes = null!, _w = null!, _fields = null!;
    private ulong[] _bits = null!;

    /// <summary>Builds and touches every buffer.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _x = SpeedData.Uniform(P, N, seed: 8).Data;
        _bipolar = SpeedData.Bipolar(P, N, seed: 9).Data;
        _gram = new float[N * (N + 1) / 2];
        _bits = new ulong[N * Blas.SignWords(P)];
        _probes = SpeedData.Bipolar(B, N, seed: 10).Data;
        _w = SpeedData.Uniform(N, N, seed: 11).Data;
        _fields = new float[B * N];
        Syrk();
        BitGram();
        Gemm();
    }

    /// <summary>Float Gram, lower triangle: 68.7 GFLOP.</summary>
    [Benchmark]
    public void Syrk() => Blas.SyrkLower(_x, 0, P, N, _gram, accumulate: false);

    /// <summary>Sign packing plus popcount Gram of ±1 patterns (the same integers the float Gram gives).</summary>
    [Benchmark]
    public void BitGram()
    {
        int words = Blas.SignWords(P);
        Blas.PackSignColumns(_bipolar, 0, P, N, _bits, words);
        Blas.BitGramLower(_bits, N, words, P, _gram, accumulate: false);
    }

    /// <summary>The batched-recall product: 8.6 GFLOP, every element in the fixed Dot order.</summary>
    [Benchmark]
    public void Gemm() => Blas.GemmNT(_probes, B, _w, N, N, _fields);
}
