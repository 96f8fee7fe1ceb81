using BenchmarkDotNet.Attributes;
using Canns.Numerics;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// Issue 6: the linear-algebra kernels alone, for GFLOP/s against the machine's peak (about 440 GFLOP/s on both
/// cores): the symmetric rank-4,096 update of one triangle at N = 4,096 (68.7 GFLOP), the popcount Gram of the same
/// shape, and the dot-order GEMM of batched recall (256 × 4,096 × 4,096, 8.6 GFLOP; 256 × 1,024 × 1,024, 0.54 GFLOP):
/// the lane-class kernel packing W per call, with W packed once, and the older dot-product tiles.
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*KernelSpeed*' --job short --inProcess
/// </summary>
public class KernelSpeedBenchmarks
{
    private const int N = 4096, P = 4096, B = 256, Small = 1024;
    private float[] _x = null!, _bipolar = null!, _gram = null!, _probes = null!, _w = null!, _fields = null!;
    private float[] _probesSmall = null!, _wSmall = null!, _fieldsSmall = null!;
    private ulong[] _bits = null!;
    private PackedGemmOperand _packed = null!, _packedSmall = null!;

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
        _probesSmall = SpeedData.Bipolar(B, Small, seed: 12).Data;
        _wSmall = SpeedData.Uniform(Small, Small, seed: 13).Data;
        _fieldsSmall = new float[B * Small];
        _packed = Blas.PackB(_w, N, N, rowsOfA: B);
        _packedSmall = Blas.PackB(_wSmall, Small, Small, rowsOfA: B);
        Syrk();
        BitGram();
        Gemm();
        GemmPrepacked();
        GemmDotTiles();
        Gemm1024();
        Gemm1024Prepacked();
        Gemm1024DotTiles();
    }

    /// <summary>Returns the packed copies of W.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _packed.Dispose();
        _packedSmall.Dispose();
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

    /// <summary>The batched-recall product: 8.6 GFLOP, every element in the fixed Dot order (lane classes, W packed in the call).</summary>
    [Benchmark]
    public void Gemm() => Blas.GemmNT(_probes, B, _w, N, N, _fields);

    /// <summary>As <see cref="Gemm"/> with W packed once, as batched recall does.</summary>
    [Benchmark]
    public void GemmPrepacked() => Blas.GemmNT(_probes, B, _packed, _fields);

    /// <summary>As <see cref="Gemm"/> on the dot-product tiles (the kernel before the lane classes).</summary>
    [Benchmark]
    public void GemmDotTiles() => DotTiles(() => Blas.GemmNT(_probes, B, _w, N, N, _fields));

    /// <summary>256 × 1,024 × 1,024: 0.54 GFLOP.</summary>
    [Benchmark]
    public void Gemm1024() => Blas.GemmNT(_probesSmall, B, _wSmall, Small, Small, _fieldsSmall);

    /// <summary>As <see cref="Gemm1024"/> with W packed once.</summary>
    [Benchmark]
    public void Gemm1024Prepacked() => Blas.GemmNT(_probesSmall, B, _packedSmall, _fieldsSmall);

    /// <summary>As <see cref="Gemm1024"/> on the dot-product tiles.</summary>
    [Benchmark]
    public void Gemm1024DotTiles() => DotTiles(() => Blas.GemmNT(_probesSmall, B, _wSmall, Small, Small, _fieldsSmall));

    private static void DotTiles(Action product)
    {
        Blas.LaneClassGemm = false;
        try
        {
            product();
        }
        finally
        {
            Blas.LaneClassGemm = true;
        }
    }
}
