using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Canns.Models;

namespace Canns.Numerics;

internal static partial class Blas
{
    /// <summary>
    /// Below this many matrix elements a matrix-vector product runs on the calling thread: at N = 512 (1 MB of W) a
    /// product takes a few microseconds, about what waking the other core's hot-team worker costs.
    /// </summary>
    private const long GemvParallelThreshold = 1 << 18;

    /// <summary>Below this many matrix elements the other parallel kernels run on the calling thread.</summary>
    private const long ParallelThreshold = 1 << 20;

    /// <summary>Chunks per product handed to the hot team: enough that a worker waking late still takes a share.</summary>
    private const int GemvChunks = 16;

    /// <summary>Computes <c>y[i] = Σ_k a[i,k]·x[k]</c> for the row-major (rows × x.Length) matrix a.</summary>
    /// <remarks>Each y[i] is <see cref="Dot"/> of row i and x, bit for bit; four rows go at once so their chains overlap.</remarks>
    public static void Gemv(ReadOnlySpan<float> a, int rows, ReadOnlySpan<float> x, Span<float> y)
    {
        int k = x.Length;
        if ((long)rows * k != a.Length) throw new ArgumentException($"Matrix length ({a.Length}) != rows ({rows}) × columns ({k}).");
        if (y.Length != rows) throw new ArgumentException($"Output length ({y.Length}) != rows ({rows}).");
        GemvRows(ref MemoryMarshal.GetReference(a), k, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), 0, rows);
    }

    /// <summary>
    /// As <see cref="Gemv(ReadOnlySpan{float}, int, ReadOnlySpan{float}, Span{float})"/> on the first rows × x.Length
    /// elements of an array, in parallel over blocks of rows when the matrix is large (results do not depend on it).
    /// </summary>
    public static void Gemv(float[] a, int rows, float[] x, int k, float[] y)
    {
        if ((long)rows * k > a.Length) throw new ArgumentException($"Matrix length ({a.Length}) < rows ({rows}) × columns ({k}).");
        if (x.Length < k || y.Length < rows) throw new ArgumentException($"x ({x.Length}) or y ({y.Length}) shorter than columns ({k}) or rows ({rows}).");
        if ((long)rows * k < GemvParallelThreshold || CannsParallelism.MaxDegree == 1)
        {
            GemvRows(ref MemoryMarshal.GetArrayDataReference(a), k, ref MemoryMarshal.GetArrayDataReference(x), ref MemoryMarshal.GetArrayDataReference(y), 0, rows);
            return;
        }
        int chunkRows = RowChunk(rows, out int chunks);
        HotTeam.For(chunks, c =>
        {
            int i0 = c * chunkRows;
            GemvRows(ref MemoryMarshal.GetArrayDataReference(a), k, ref MemoryMarshal.GetArrayDataReference(x), ref MemoryMarshal.GetArrayDataReference(y),
                i0, Math.Min(rows, i0 + chunkRows));
        });
    }

    /// <summary>
    /// How a matrix-vector product deals its rows to the hot team: <see cref="GemvChunks"/> blocks of a multiple of four
    /// rows (so each keeps the four overlapping chains of the kernel); returns the rows per block.
    /// </summary>
    private static int RowChunk(int rows, out int chunks)
    {
        int chunkRows = Math.Max(4, (rows / GemvChunks + 3) & ~3);
        chunks = (rows + chunkRows - 1) / chunkRows;
        return chunkRows;
    }

    private static void GemvRows(ref float a, int k, ref float x, ref float y, int i0, int i1)
    {
        switch (Level)
        {
            case SimdLevel.Vector512:
                GemvRows<Simd512, System.Runtime.Intrinsics.Vector512<float>>(ref a, k, ref x, ref y, i0, i1);
                break;
            case SimdLevel.Vector256:
                GemvRows<Simd256, System.Runtime.Intrinsics.Vector256<float>>(ref a, k, ref x, ref y, i0, i1);
                break;
            default:
                GemvRows<SimdScalar, float>(ref a, k, ref x, ref y, i0, i1);
                break;
        }
    }

    private static void GemvRows<TS, TV>(ref float a, int k, ref float x, ref float y, int i0, int i1)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int i = i0;
        for (; i + 4 <= i1; i += 4)
        {
            ref float a0 = ref Unsafe.Add(ref a, (nint)i * k);
            Dot4<TS, TV>(ref a0, ref Unsafe.Add(ref a0, k), ref Unsafe.Add(ref a0, 2 * k), ref Unsafe.Add(ref a0, 3 * k), k, ref x,
                ref Unsafe.Add(ref y, i));
        }
        for (; i < i1; i++)
        {
            Unsafe.Add(ref y, i) = Dot<TS, TV>(ref Unsafe.Add(ref a, (nint)i * k), ref x, k);
        }
    }

    /// <summary>
    /// Computes <c>y[q] = Dot(a[rows[q], ·], x)</c> for up to four rows of the row-major (· × x.Length) matrix a,
    /// at once so their chains overlap; each is <see cref="Dot"/> bit for bit.
    /// </summary>
    public static void DotRows(ReadOnlySpan<float> a, ReadOnlySpan<int> rows, ReadOnlySpan<float> x, Span<float> y)
    {
        int k = x.Length;
        if (rows.Length > 4 || y.Length < rows.Length) throw new ArgumentException($"rows ({rows.Length}) must be at most 4 and y ({y.Length}) at least as long.");
        if (rows.Length < 4)
        {
            for (int q = 0; q < rows.Length; q++) y[q] = Dot(a.Slice(rows[q] * k, k), x);
            return;
        }
        foreach (int r in rows)
        {
            if ((uint)r >= (uint)(a.Length / Math.Max(k, 1))) throw new ArgumentOutOfRangeException(nameof(rows), r, $"Row outside the {a.Length / Math.Max(k, 1)} rows of a.");
        }
        // The starts of the four rows; bounds were checked above.
        ref float origin = ref MemoryMarshal.GetReference(a);
        ref float r0 = ref Unsafe.Add(ref origin, (nint)rows[0] * k);
        ref float r1 = ref Unsafe.Add(ref origin, (nint)rows[1] * k);
        ref float r2 = ref Unsafe.Add(ref origin, (nint)rows[2] * k);
        ref float r3 = ref Unsafe.Add(ref origin, (nint)rows[3] * k);
        switch (Level)
        {
            case SimdLevel.Vector512:
                Dot4<Simd512, System.Runtime.Intrinsics.Vector512<float>>(ref r0, ref r1, ref r2, ref r3, k, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
                break;
            case SimdLevel.Vector256:
                Dot4<Simd256, System.Runtime.Intrinsics.Vector256<float>>(ref r0, ref r1, ref r2, ref r3, k, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
                break;
            default:
                Dot4<SimdScalar, float>(ref r0, ref r1, ref r2, ref r3, k, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
                break;
        }
    }

    /// <summary>
    /// Four dot products with x at once, <c>y[q] = Dot(a_q, x)</c> for q = 0..3 written to consecutive floats from
    /// <paramref name="y"/>: four independent chains overlap, each in <see cref="Dot"/>'s order, bit for bit.
    /// </summary>
    private static void Dot4<TS, TV>(ref float a0, ref float a1, ref float a2, ref float a3, int k, ref float x, ref float y)
        where TS : struct, ISimd<TV> where TV : struct
    {
        TV s0 = TS.Zero, s1 = TS.Zero, s2 = TS.Zero, s3 = TS.Zero;
        int w = TS.Width;
        nuint end = (nuint)(k - k % w);
        for (nuint p = 0; p < end; p += (nuint)w)
        {
            TV v = TS.Load(ref x, p);
            s0 = TS.FusedMultiplyAdd(TS.Load(ref a0, p), v, s0);
            s1 = TS.FusedMultiplyAdd(TS.Load(ref a1, p), v, s1);
            s2 = TS.FusedMultiplyAdd(TS.Load(ref a2, p), v, s2);
            s3 = TS.FusedMultiplyAdd(TS.Load(ref a3, p), v, s3);
        }
        y = Tail(ref a0, ref x, (int)end, k, TS.Sum(s0));
        Unsafe.Add(ref y, 1) = Tail(ref a1, ref x, (int)end, k, TS.Sum(s1));
        Unsafe.Add(ref y, 2) = Tail(ref a2, ref x, (int)end, k, TS.Sum(s2));
        Unsafe.Add(ref y, 3) = Tail(ref a3, ref x, (int)end, k, TS.Sum(s3));
    }
}
