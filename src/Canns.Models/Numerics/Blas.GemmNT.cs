using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Canns.Models;

namespace Canns.Numerics;

internal static partial class Blas
{
    /// <summary>Rows of output a parallel work item of the lower-triangle product takes.</summary>
    private const int RowBlock = 32;

    /// <summary>Rows of b (columns of c) per work item of the blocked product: 24 packed rows of W are 384 KB at N = 4,096, in L2.</summary>
    private const int GemmColumnBlock = 24;

    /// <summary>Depth of one pass of the register tile: 8 packed rows of a are 16 KB and stay in L1. A multiple of every width.</summary>
    private const int GemmDepth = 512;

    /// <summary>Rows of a in the register tile.</summary>
    private const int GemmRowsA = 8;

    /// <summary>Rows of b in the register tile.</summary>
    private const int GemmRowsB = 3;

    /// <summary>
    /// Computes <c>c[i,j] = Σ_k a[i,k]·b[j,k]</c> (a times b transposed) for row-major a (m × k), b (n × k) and
    /// c (m × n). With <paramref name="lowerOnly"/> only the elements with <c>j ≤ i</c> are written (a symmetric
    /// rank-k update when a and b are the same matrix). With <paramref name="accumulate"/> the products are added to c
    /// (<c>c[i,j] += …</c>). Runs in parallel through <see cref="CannsParallelism"/> (at most
    /// <paramref name="maxDegreeOfParallelism"/> threads when positive).
    /// </summary>
    /// <remarks>
    /// Every element is <see cref="Dot"/> of its two rows, bit for bit. On 512-bit vectors, with at least 32 rows of a,
    /// the full product takes the lane-class kernel (<see cref="GemmLanes"/>: 16 broadcast-form products, one per
    /// lane of Dot's accumulator, added in <see cref="Simd512.Sum"/>'s tree). Otherwise an 8 × 3 dot-product tile keeps
    /// one lane-wise accumulator per element and carries it through 512-deep passes in a small scratch, which splits
    /// the sum over k without reordering it. To reuse one b across calls, see <see cref="PackB"/>.
    /// </remarks>
    public static void GemmNT(float[] a, int m, float[] b, int n, int k, float[] c, bool lowerOnly = false, bool accumulate = false, int maxDegreeOfParallelism = -1)
    {
        if ((long)m * k > a.Length) throw new ArgumentException($"a length ({a.Length}) < m ({m}) × k ({k}).");
        if ((long)n * k > b.Length) throw new ArgumentException($"b length ({b.Length}) < n ({n}) × k ({k}).");
        if ((long)m * n > c.Length) throw new ArgumentException($"c length ({c.Length}) < m ({m}) × n ({n}).");
        if (m == 0 || n == 0) return;
        long work = (long)m * n * Math.Max(k, 1);
        int degree = work < ParallelThreshold ? 1 : maxDegreeOfParallelism;
        if (lowerOnly || Level == SimdLevel.Scalar)
        {
            int blocks = (m + RowBlock - 1) / RowBlock;
            CannsParallelism.For(0, blocks, blk => GemmBlock(a, b, c, blk, m, n, k, lowerOnly, accumulate), degree);
            return;
        }
        if (Level == SimdLevel.Vector512 && LaneClassGemm && m >= LaneMinRows) GemmLanes(a, m, b, null, 0, n, k, c, accumulate, degree);
        else if (Level == SimdLevel.Vector512) GemmPacked<Simd512, System.Runtime.Intrinsics.Vector512<float>>(a, m, b, n, k, c, accumulate, degree);
        else GemmPacked<Simd256, System.Runtime.Intrinsics.Vector256<float>>(a, m, b, n, k, c, accumulate, degree);
    }

    /// <summary>
    /// The blocked product. Rows of a are packed eight at a time, vector-chunk-interleaved
    /// (<c>[group][chunk][row][lane]</c>, zero rows past m), so a tile reads one contiguous stream that stays in L1; each
    /// work item packs its 24 rows of b three at a time the same way (an L2-sized block). Unpacked, row strides of
    /// 4·k bytes would map every row to the same L1 set.
    /// </summary>
    private static void GemmPacked<TS, TV>(float[] a, int m, float[] b, int n, int k, float[] c, bool accumulate, int degree)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int w = TS.Width;
        int kVector = k - k % w;
        int groups = (m + GemmRowsA - 1) / GemmRowsA;
        float[] packedA = ArrayPool<float>.Shared.Rent(Math.Max(1, groups * GemmRowsA * kVector));
        try
        {
            CannsParallelism.For(0, groups, g => PackRows(a, m, k, kVector, w, GemmRowsA, g * GemmRowsA, packedA.AsSpan(g * GemmRowsA * kVector, GemmRowsA * kVector)), degree);
            int columnBlocks = (n + GemmColumnBlock - 1) / GemmColumnBlock;
            CannsParallelism.For(0, columnBlocks, jb => GemmColumns<TS, TV>(a, packedA, m, b, n, k, c, accumulate, jb), degree);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packedA);
        }
    }

    /// <summary>Packs rows first … first + rows − 1 (first kVector columns; zero past the matrix's last row) as [chunk][row][lane].</summary>
    private static void PackRows(float[] source, int sourceRows, int k, int kVector, int w, int rows, int first, Span<float> target)
    {
        for (int r = 0; r < rows; r++)
        {
            if (first + r >= sourceRows)
            {
                for (int q = 0; q < kVector / w; q++) target.Slice((q * rows + r) * w, w).Clear();
                continue;
            }
            var row = source.AsSpan((first + r) * k, kVector);
            for (int q = 0; q < kVector / w; q++) row.Slice(q * w, w).CopyTo(target.Slice((q * rows + r) * w, w));
        }
    }

    /// <summary>Columns j0 … j0 + 23 of c for every row of a, in 8 × 3 tiles over packed operands; the k tail by scalar FMAs.</summary>
    private static void GemmColumns<TS, TV>(float[] a, float[] packedA, int m, float[] b, int n, int k, float[] c, bool accumulate, int jb)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int w = TS.Width;
        int j0 = jb * GemmColumnBlock, j1 = Math.Min(n, j0 + GemmColumnBlock);
        int tilesB = (j1 - j0 + GemmRowsB - 1) / GemmRowsB;
        int kVector = k - k % w;
        int chunks = kVector / w;
        int depthChunks = GemmDepth / w;
        int tileSize = GemmRowsA * GemmRowsB * w;
        ref float pa = ref MemoryMarshal.GetArrayDataReference(a);
        ref float pb = ref MemoryMarshal.GetArrayDataReference(b);
        float[] packedB = ArrayPool<float>.Shared.Rent(Math.Max(1, tilesB * GemmRowsB * kVector));
        try
        {
            for (int t = 0; t < tilesB; t++)
            {
                PackRows(b, j1, k, kVector, w, GemmRowsB, j0 + t * GemmRowsB, packedB.AsSpan(t * GemmRowsB * kVector, GemmRowsB * kVector));
            }
            ref float packA = ref MemoryMarshal.GetArrayDataReference(packedA);
            ref float packB = ref MemoryMarshal.GetArrayDataReference(packedB);
            Span<float> scratch = stackalloc float[GemmColumnBlock / GemmRowsB * GemmRowsA * GemmRowsB * 16];
            ref float acc = ref MemoryMarshal.GetReference(scratch);
            for (int i0 = 0; i0 < m; i0 += GemmRowsA)
            {
                scratch.Clear();
                ref float groupA = ref Unsafe.Add(ref packA, (nint)i0 * kVector);
                for (int q0 = 0; q0 < chunks; q0 += depthChunks)
                {
                    int q1 = Math.Min(chunks, q0 + depthChunks);
                    for (int t = 0; t < tilesB; t++)
                    {
                        TilePass<TS, TV>(ref Unsafe.Add(ref groupA, q0 * GemmRowsA * w), ref Unsafe.Add(ref packB, (nint)t * GemmRowsB * kVector + q0 * GemmRowsB * w),
                            q1 - q0, ref Unsafe.Add(ref acc, t * tileSize));
                    }
                }
                int rows = Math.Min(GemmRowsA, m - i0);
                for (int t = 0; t < tilesB; t++)
                {
                    ref float tile = ref Unsafe.Add(ref acc, t * tileSize);
                    int jt = j0 + t * GemmRowsB;
                    int cols = Math.Min(GemmRowsB, j1 - jt);
                    for (int r = 0; r < rows; r++)
                    {
                        ref float row = ref Unsafe.Add(ref pa, (nint)(i0 + r) * k);
                        for (int u = 0; u < cols; u++)
                        {
                            float sum = TS.Sum(TS.Load(ref tile, (nuint)((r * GemmRowsB + u) * w)));
                            Store(c, (long)(i0 + r) * n + jt + u, accumulate, Tail(ref row, ref Unsafe.Add(ref pb, (nint)(jt + u) * k), kVector, k, sum));
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packedB);
        }
    }

    /// <summary>
    /// <paramref name="chunks"/> vector chunks of an 8 × 3 tile from packed operands ([chunk][row][lane]): the 24
    /// lane-wise accumulators come from and go back to <paramref name="acc"/> (element (r, u) at (3r + u)·width),
    /// continuing each element's <see cref="Dot"/> chain. Eight a-rows from L1, three b-rows from L2 per chunk.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TilePass<TS, TV>(ref float a, ref float b, int chunks, ref float acc)
        where TS : struct, ISimd<TV> where TV : struct
    {
        nuint w = (nuint)TS.Width;
        TV c00 = TS.Load(ref acc, 0), c01 = TS.Load(ref acc, w), c02 = TS.Load(ref acc, 2 * w);
        TV c10 = TS.Load(ref acc, 3 * w), c11 = TS.Load(ref acc, 4 * w), c12 = TS.Load(ref acc, 5 * w);
        TV c20 = TS.Load(ref acc, 6 * w), c21 = TS.Load(ref acc, 7 * w), c22 = TS.Load(ref acc, 8 * w);
        TV c30 = TS.Load(ref acc, 9 * w), c31 = TS.Load(ref acc, 10 * w), c32 = TS.Load(ref acc, 11 * w);
        TV c40 = TS.Load(ref acc, 12 * w), c41 = TS.Load(ref acc, 13 * w), c42 = TS.Load(ref acc, 14 * w);
        TV c50 = TS.Load(ref acc, 15 * w), c51 = TS.Load(ref acc, 16 * w), c52 = TS.Load(ref acc, 17 * w);
        TV c60 = TS.Load(ref acc, 18 * w), c61 = TS.Load(ref acc, 19 * w), c62 = TS.Load(ref acc, 20 * w);
        TV c70 = TS.Load(ref acc, 21 * w), c71 = TS.Load(ref acc, 22 * w), c72 = TS.Load(ref acc, 23 * w);
        for (int q = 0; q < chunks; q++)
        {
            TV y0 = TS.Load(ref b, 0), y1 = TS.Load(ref b, w), y2 = TS.Load(ref b, 2 * w);
            TV x = TS.Load(ref a, 0);
            c00 = TS.FusedMultiplyAdd(x, y0, c00); c01 = TS.FusedMultiplyAdd(x, y1, c01); c02 = TS.FusedMultiplyAdd(x, y2, c02);
            x = TS.Load(ref a, w);
            c10 = TS.FusedMultiplyAdd(x, y0, c10); c11 = TS.FusedMultiplyAdd(x, y1, c11); c12 = TS.FusedMultiplyAdd(x, y2, c12);
            x = TS.Load(ref a, 2 * w);
            c20 = TS.FusedMultiplyAdd(x, y0, c20); c21 = TS.FusedMultiplyAdd(x, y1, c21); c22 = TS.FusedMultiplyAdd(x, y2, c22);
            x = TS.Load(ref a, 3 * w);
            c30 = TS.FusedMultiplyAdd(x, y0, c30); c31 = TS.FusedMultiplyAdd(x, y1, c31); c32 = TS.FusedMultiplyAdd(x, y2, c32);
            x = TS.Load(ref a, 4 * w);
            c40 = TS.FusedMultiplyAdd(x, y0, c40); c41 = TS.FusedMultiplyAdd(x, y1, c41); c42 = TS.FusedMultiplyAdd(x, y2, c42);
            x = TS.Load(ref a, 5 * w);
            c50 = TS.FusedMultiplyAdd(x, y0, c50); c51 = TS.FusedMultiplyAdd(x, y1, c51); c52 = TS.FusedMultiplyAdd(x, y2, c52);
            x = TS.Load(ref a, 6 * w);
            c60 = TS.FusedMultiplyAdd(x, y0, c60); c61 = TS.FusedMultiplyAdd(x, y1, c61); c62 = TS.FusedMultiplyAdd(x, y2, c62);
            x = TS.Load(ref a, 7 * w);
            c70 = TS.FusedMultiplyAdd(x, y0, c70); c71 = TS.FusedMultiplyAdd(x, y1, c71); c72 = TS.FusedMultiplyAdd(x, y2, c72);
            a = ref Unsafe.Add(ref a, 8 * w);
            b = ref Unsafe.Add(ref b, 3 * w);
        }
        TS.Store(c00, ref acc, 0); TS.Store(c01, ref acc, w); TS.Store(c02, ref acc, 2 * w);
        TS.Store(c10, ref acc, 3 * w); TS.Store(c11, ref acc, 4 * w); TS.Store(c12, ref acc, 5 * w);
        TS.Store(c20, ref acc, 6 * w); TS.Store(c21, ref acc, 7 * w); TS.Store(c22, ref acc, 8 * w);
        TS.Store(c30, ref acc, 9 * w); TS.Store(c31, ref acc, 10 * w); TS.Store(c32, ref acc, 11 * w);
        TS.Store(c40, ref acc, 12 * w); TS.Store(c41, ref acc, 13 * w); TS.Store(c42, ref acc, 14 * w);
        TS.Store(c50, ref acc, 15 * w); TS.Store(c51, ref acc, 16 * w); TS.Store(c52, ref acc, 17 * w);
        TS.Store(c60, ref acc, 18 * w); TS.Store(c61, ref acc, 19 * w); TS.Store(c62, ref acc, 20 * w);
        TS.Store(c70, ref acc, 21 * w); TS.Store(c71, ref acc, 22 * w); TS.Store(c72, ref acc, 23 * w);
    }

    private static void GemmBlock(float[] a, float[] b, float[] c, int blk, int m, int n, int k, bool lowerOnly, bool accumulate)
    {
        int i0 = blk * RowBlock;
        int i1 = Math.Min(m, i0 + RowBlock);
        switch (Level)
        {
            case SimdLevel.Vector512:
                GemmRows<Simd512, System.Runtime.Intrinsics.Vector512<float>>(a, b, c, i0, i1, n, k, lowerOnly, accumulate);
                break;
            case SimdLevel.Vector256:
                GemmRows<Simd256, System.Runtime.Intrinsics.Vector256<float>>(a, b, c, i0, i1, n, k, lowerOnly, accumulate);
                break;
            default:
                GemmRows<SimdScalar, float>(a, b, c, i0, i1, n, k, lowerOnly, accumulate);
                break;
        }
    }
}
