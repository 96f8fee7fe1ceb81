using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Canns.Models;

namespace Canns.Numerics;

internal static partial class Blas
{
    /// <summary>Columns of J per block of the batched 16-bit product: 4,096 couplings (8 KB) a row piece.</summary>
    private const int Int16Block = 4096;

    /// <summary>
    /// Computes <c>Σ_k a[k]·x[k]</c> of 16-bit integers exactly in 32-bit integers (<c>vpmaddwd</c>). The caller keeps
    /// the sum in range: |a| ≤ 32,767, |x| ≤ 1 and fewer than 65,536 terms always are.
    /// </summary>
    /// <remarks>Integer sums do not depend on their order, so every width, blocking and thread count gives the same value.</remarks>
    public static int DotInt16(ReadOnlySpan<short> a, ReadOnlySpan<short> x)
    {
        if (a.Length != x.Length) throw new ArgumentException($"Lengths differ: a ({a.Length}) != x ({x.Length}).");
        return DotInt16(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(x), a.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DotInt16(ref short a, ref short x, int k)
    {
        int i = 0, sum = 0;
        if (Level == SimdLevel.Vector512 && Avx512BW.IsSupported)
        {
            Vector512<int> acc0 = Vector512<int>.Zero, acc1 = Vector512<int>.Zero;
            for (; i <= k - 64; i += 64)
            {
                acc0 += Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref x, (nuint)i));
                acc1 += Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref a, (nuint)(i + 32)), Vector512.LoadUnsafe(ref x, (nuint)(i + 32)));
            }
            for (; i <= k - 32; i += 32)
            {
                acc0 += Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref x, (nuint)i));
            }
            sum = Vector512.Sum(acc0 + acc1);
        }
        else if (Level >= SimdLevel.Vector256 && Avx2.IsSupported)
        {
            Vector256<int> acc = Vector256<int>.Zero;
            for (; i <= k - 16; i += 16)
            {
                acc += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref x, (nuint)i));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < k; i++) sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref x, i);
        return sum;
    }

    /// <summary>
    /// <c>y[i] = Σ_k a[i,k]·x[k]</c> for the row-major (rows × k) 16-bit matrix a, exactly (see <see cref="DotInt16(ReadOnlySpan{short}, ReadOnlySpan{short})"/>);
    /// in parallel over blocks of rows when the matrix is large.
    /// </summary>
    public static void GemvInt16(short[] a, int rows, short[] x, int k, int[] y)
    {
        if ((long)rows * k > a.Length) throw new ArgumentException($"Matrix length ({a.Length}) < rows ({rows}) × columns ({k}).");
        if (x.Length < k || y.Length < rows) throw new ArgumentException($"x ({x.Length}) or y ({y.Length}) shorter than columns ({k}) or rows ({rows}).");
        if ((long)rows * k < 2 * GemvParallelThreshold || CannsParallelism.MaxDegree == 1)
        {
            GemvInt16Rows(a, x, k, y, 0, rows);
            return;
        }
        int chunkRows = Math.Max(1, (rows + GemvChunks - 1) / GemvChunks);
        int chunks = (rows + chunkRows - 1) / chunkRows;
        HotTeam.For(chunks, c =>
        {
            int i0 = c * chunkRows;
            GemvInt16Rows(a, x, k, y, i0, Math.Min(rows, i0 + chunkRows));
        });
    }

    private static void GemvInt16Rows(short[] a, short[] x, int k, int[] y, int i0, int i1)
    {
        ref short pa = ref MemoryMarshal.GetArrayDataReference(a);
        ref short px = ref MemoryMarshal.GetArrayDataReference(x);
        for (int i = i0; i < i1; i++) y[i] = DotInt16(ref Unsafe.Add(ref pa, (nint)i * k), ref px, k);
    }

    /// <summary>
    /// The batched product <c>y[b,i] = Σ_k a[i,k]·x[b,k]</c> for <paramref name="batch"/> row-major vectors x (batch × k)
    /// and the (rows × k) matrix a, exactly. Each piece of a row of a is read once for all vectors: the columns go in
    /// blocks whose pieces of every x stay in L2 while the rows stream by.
    /// </summary>
    public static void GemmInt16(short[] a, int rows, short[] x, int batch, int k, int[] y)
    {
        if ((long)rows * k > a.Length) throw new ArgumentException($"Matrix length ({a.Length}) < rows ({rows}) × columns ({k}).");
        if ((long)batch * k > x.Length || (long)batch * rows > y.Length)
        {
            throw new ArgumentException($"x ({x.Length}) or y ({y.Length}) shorter than batch ({batch}) × columns ({k}) or rows ({rows}).");
        }
        Array.Clear(y, 0, batch * rows);
        if (batch == 0 || rows == 0) return;
        // Blocks of 64 rows (a multiple of any chunking) so that threads write disjoint y elements.
        const int rowBlock = 64;
        int blocks = (rows + rowBlock - 1) / rowBlock;
        bool tiles = Level == SimdLevel.Vector512 && Avx512BW.IsSupported;
        int kBlock = tiles ? Int16TileDepth : Int16Block;
        CannsParallelism.For(0, blocks, blk =>
        {
            int i0 = blk * rowBlock, i1 = Math.Min(rows, i0 + rowBlock);
            ref short pa = ref MemoryMarshal.GetArrayDataReference(a);
            ref short px = ref MemoryMarshal.GetArrayDataReference(x);
            for (int k0 = 0; k0 < k; k0 += kBlock)
            {
                int width = Math.Min(kBlock, k - k0);
                int i = i0;
                if (tiles)
                {
                    for (; i <= i1 - 4; i += 4) GemmInt16Rows4(ref Unsafe.Add(ref pa, (nint)i * k + k0), k, ref Unsafe.Add(ref px, k0), batch, width, y, rows, i);
                }
                for (; i < i1; i++)
                {
                    ref short row = ref Unsafe.Add(ref pa, (nint)i * k + k0);
                    for (int b = 0; b < batch; b++)
                    {
                        y[(long)b * rows + i] += DotInt16(ref row, ref Unsafe.Add(ref px, (nint)b * k + k0), width);
                    }
                }
            }
        }, maxDegree: (long)rows * k * Math.Max(batch, 1) < ParallelThreshold ? 1 : -1);
    }

    /// <summary>Columns per block of the tiled 16-bit product: every probe's piece (2 KB) of a 256-probe batch fits in L2 together.</summary>
    private const int Int16TileDepth = 1024;

    /// <summary>
    /// Four rows of a against every vector x over <paramref name="width"/> columns, adding to y: a register tile of 4 rows
    /// × 4 vectors (16 accumulators of <c>vpmaddwd</c> pairs, 8 loads per 16 multiply-adds), the last vectors and
    /// columns one pair at a time. Exact, as every integer sum is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GemmInt16Rows4(ref short a, int stride, ref short x, int batch, int width, int[] y, int rows, int i)
    {
        int vectorWidth = width & ~31, b = 0;
        ref short a0 = ref a;
        ref short a1 = ref Unsafe.Add(ref a, stride);
        ref short a2 = ref Unsafe.Add(ref a, 2 * stride);
        ref short a3 = ref Unsafe.Add(ref a, 3 * stride);
        for (; b <= batch - 4; b += 4)
        {
            ref short x0 = ref Unsafe.Add(ref x, (nint)b * stride);
            ref short x1 = ref Unsafe.Add(ref x0, stride);
            ref short x2 = ref Unsafe.Add(ref x0, 2 * stride);
            ref short x3 = ref Unsafe.Add(ref x0, 3 * stride);
            Vector512<int> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default;
            Vector512<int> c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default;
            for (int t = 0; t < vectorWidth; t += 32)
            {
                var v0 = Vector512.LoadUnsafe(ref x0, (nuint)t);
                var v1 = Vector512.LoadUnsafe(ref x1, (nuint)t);
                var v2 = Vector512.LoadUnsafe(ref x2, (nuint)t);
                var v3 = Vector512.LoadUnsafe(ref x3, (nuint)t);
                var r = Vector512.LoadUnsafe(ref a0, (nuint)t);
                c00 += Avx512BW.MultiplyAddAdjacent(r, v0); c01 += Avx512BW.MultiplyAddAdjacent(r, v1);
                c02 += Avx512BW.MultiplyAddAdjacent(r, v2); c03 += Avx512BW.MultiplyAddAdjacent(r, v3);
                r = Vector512.LoadUnsafe(ref a1, (nuint)t);
                c10 += Avx512BW.MultiplyAddAdjacent(r, v0); c11 += Avx512BW.MultiplyAddAdjacent(r, v1);
                c12 += Avx512BW.MultiplyAddAdjacent(r, v2); c13 += Avx512BW.MultiplyAddAdjacent(r, v3);
                r = Vector512.LoadUnsafe(ref a2, (nuint)t);
                c20 += Avx512BW.MultiplyAddAdjacent(r, v0); c21 += Avx512BW.MultiplyAddAdjacent(r, v1);
                c22 += Avx512BW.MultiplyAddAdjacent(r, v2); c23 += Avx512BW.MultiplyAddAdjacent(r, v3);
                r = Vector512.LoadUnsafe(ref a3, (nuint)t);
                c30 += Avx512BW.MultiplyAddAdjacent(r, v0); c31 += Avx512BW.MultiplyAddAdjacent(r, v1);
                c32 += Avx512BW.MultiplyAddAdjacent(r, v2); c33 += Avx512BW.MultiplyAddAdjacent(r, v3);
            }
            long o = (long)b * rows + i;
            y[o] += Vector512.Sum(c00) + Tail(ref a0, ref x0, vectorWidth, width);
            y[o + 1] += Vector512.Sum(c10) + Tail(ref a1, ref x0, vectorWidth, width);
            y[o + 2] += Vector512.Sum(c20) + Tail(ref a2, ref x0, vectorWidth, width);
            y[o + 3] += Vector512.Sum(c30) + Tail(ref a3, ref x0, vectorWidth, width);
            o += rows;
            y[o] += Vector512.Sum(c01) + Tail(ref a0, ref x1, vectorWidth, width);
            y[o + 1] += Vector512.Sum(c11) + Tail(ref a1, ref x1, vectorWidth, width);
            y[o + 2] += Vector512.Sum(c21) + Tail(ref a2, ref x1, vectorWidth, width);
            y[o + 3] += Vector512.Sum(c31) + Tail(ref a3, ref x1, vectorWidth, width);
            o += rows;
            y[o] += Vector512.Sum(c02) + Tail(ref a0, ref x2, vectorWidth, width);
            y[o + 1] += Vector512.Sum(c12) + Tail(ref a1, ref x2, vectorWidth, width);
            y[o + 2] += Vector512.Sum(c22) + Tail(ref a2, ref x2, vectorWidth, width);
            y[o + 3] += Vector512.Sum(c32) + Tail(ref a3, ref x2, vectorWidth, width);
            o += rows;
            y[o] += Vector512.Sum(c03) + Tail(ref a0, ref x3, vectorWidth, width);
            y[o + 1] += Vector512.Sum(c13) + Tail(ref a1, ref x3, vectorWidth, width);
            y[o + 2] += Vector512.Sum(c23) + Tail(ref a2, ref x3, vectorWidth, width);
            y[o + 3] += Vector512.Sum(c33) + Tail(ref a3, ref x3, vectorWidth, width);
        }
        for (; b < batch; b++)
        {
            ref short xb = ref Unsafe.Add(ref x, (nint)b * stride);
            long o = (long)b * rows + i;
            y[o] += DotInt16(ref a0, ref xb, width);
            y[o + 1] += DotInt16(ref a1, ref xb, width);
            y[o + 2] += DotInt16(ref a2, ref xb, width);
            y[o + 3] += DotInt16(ref a3, ref xb, width);
        }

        static int Tail(ref short row, ref short v, int from, int to)
        {
            int sum = 0;
            for (int t = from; t < to; t++) sum += Unsafe.Add(ref row, t) * Unsafe.Add(ref v, t);
            return sum;
        }
    }

    /// <summary><c>y[i] += factor·a[i]</c> for 16-bit a and 32-bit y, exactly (the caller keeps y in range).</summary>
    public static void AddScaledInt16(Span<int> y, ReadOnlySpan<short> a, int factor)
    {
        if (a.Length != y.Length) throw new ArgumentException($"Lengths differ: y ({y.Length}) != a ({a.Length}).");
        ref int py = ref MemoryMarshal.GetReference(y);
        ref short pa = ref MemoryMarshal.GetReference(a);
        int i = 0;
        if (Level == SimdLevel.Vector512)
        {
            var f = Vector512.Create(factor);
            for (; i <= a.Length - 32; i += 32)
            {
                var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref pa, (nuint)i));
                (Vector512.LoadUnsafe(ref py, (nuint)i) + lo * f).StoreUnsafe(ref py, (nuint)i);
                (Vector512.LoadUnsafe(ref py, (nuint)(i + 16)) + hi * f).StoreUnsafe(ref py, (nuint)(i + 16));
            }
        }
        else if (Level == SimdLevel.Vector256)
        {
            var f = Vector256.Create(factor);
            for (; i <= a.Length - 16; i += 16)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref pa, (nuint)i));
                (Vector256.LoadUnsafe(ref py, (nuint)i) + lo * f).StoreUnsafe(ref py, (nuint)i);
                (Vector256.LoadUnsafe(ref py, (nuint)(i + 8)) + hi * f).StoreUnsafe(ref py, (nuint)(i + 8));
            }
        }
        for (; i < a.Length; i++) Unsafe.Add(ref py, i) += factor * Unsafe.Add(ref pa, i);
    }
}
