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
        CannsParallelism.For(0, blocks, blk =>
        {
            int i0 = blk * rowBlock, i1 = Math.Min(rows, i0 + rowBlock);
            ref short pa = ref MemoryMarshal.GetArrayDataReference(a);
            ref short px = ref MemoryMarshal.GetArrayDataReference(x);
            for (int k0 = 0; k0 < k; k0 += Int16Block)
            {
                int width = Math.Min(Int16Block, k - k0);
                for (int i = i0; i < i1; i++)
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
