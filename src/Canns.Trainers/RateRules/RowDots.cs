using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// <c>y_i = Σ_j W_ij x_j</c> for every row of a row-major W, each element in exactly the order of <c>Blas.Dot</c> (and
/// so of the model's <c>Forward</c>): lane-wise fused multiply-adds over whole 512-bit vectors, one horizontal sum,
/// then the tail with scalar fused multiply-adds. Eight, four, two rows are interleaved so their dependency chains overlap; at a
/// level other than 512-bit it calls <c>Blas.Dot</c> row by row.
/// </summary>
internal static class RowDots
{
    private const int Lanes = 16;

    public static void Compute(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> y)
    {
        int m = y.Length, n = x.Length;
        if (Blas.Level != SimdLevel.Vector512)
        {
            for (int r = 0; r < m; r++) y[r] = Blas.Dot(w.Slice(r * n, n), x);
            return;
        }
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pw = ref MemoryMarshal.GetReference(w);
        nuint end = (nuint)(n - n % Lanes);
        int i = 0;
        for (; i + 8 <= m; i += 8)
        {
            ref float r0 = ref Unsafe.Add(ref pw, (nint)i * n);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (nuint p = 0; p < end; p += Lanes)
            {
                var xv = Vector512.LoadUnsafe(ref px, p);
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, p), xv, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, p + (nuint)n), xv, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, p + (nuint)(2 * n)), xv, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, p + (nuint)(3 * n)), xv, a3);
                a4 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, p + (nuint)(4 * n)), xv, a4);
                a5 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, p + (nuint)(5 * n)), xv, a5);
                a6 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, p + (nuint)(6 * n)), xv, a6);
                a7 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, p + (nuint)(7 * n)), xv, a7);
            }
            y[i] = Tail(ref r0, ref px, (int)end, n, Simd512.Sum(a0));
            y[i + 1] = Tail(ref Unsafe.Add(ref r0, n), ref px, (int)end, n, Simd512.Sum(a1));
            y[i + 2] = Tail(ref Unsafe.Add(ref r0, 2 * n), ref px, (int)end, n, Simd512.Sum(a2));
            y[i + 3] = Tail(ref Unsafe.Add(ref r0, 3 * n), ref px, (int)end, n, Simd512.Sum(a3));
            y[i + 4] = Tail(ref Unsafe.Add(ref r0, 4 * n), ref px, (int)end, n, Simd512.Sum(a4));
            y[i + 5] = Tail(ref Unsafe.Add(ref r0, 5 * n), ref px, (int)end, n, Simd512.Sum(a5));
            y[i + 6] = Tail(ref Unsafe.Add(ref r0, 6 * n), ref px, (int)end, n, Simd512.Sum(a6));
            y[i + 7] = Tail(ref Unsafe.Add(ref r0, 7 * n), ref px, (int)end, n, Simd512.Sum(a7));
        }
        for (; i + 4 <= m; i += 4)
        {
            ref float r0 = ref Unsafe.Add(ref pw, (nint)i * n);
            ref float r1 = ref Unsafe.Add(ref r0, n);
            ref float r2 = ref Unsafe.Add(ref r1, n);
            ref float r3 = ref Unsafe.Add(ref r2, n);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (nuint p = 0; p < end; p += Lanes)
            {
                var xv = Vector512.LoadUnsafe(ref px, p);
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, p), xv, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r1, p), xv, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r2, p), xv, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r3, p), xv, a3);
            }
            y[i] = Tail(ref r0, ref px, (int)end, n, Simd512.Sum(a0));
            y[i + 1] = Tail(ref r1, ref px, (int)end, n, Simd512.Sum(a1));
            y[i + 2] = Tail(ref r2, ref px, (int)end, n, Simd512.Sum(a2));
            y[i + 3] = Tail(ref r3, ref px, (int)end, n, Simd512.Sum(a3));
        }
        for (; i + 2 <= m; i += 2)
        {
            ref float r0 = ref Unsafe.Add(ref pw, (nint)i * n);
            ref float r1 = ref Unsafe.Add(ref r0, n);
            Vector512<float> a0 = default, a1 = default;
            for (nuint p = 0; p < end; p += Lanes)
            {
                var xv = Vector512.LoadUnsafe(ref px, p);
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, p), xv, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r1, p), xv, a1);
            }
            y[i] = Tail(ref r0, ref px, (int)end, n, Simd512.Sum(a0));
            y[i + 1] = Tail(ref r1, ref px, (int)end, n, Simd512.Sum(a1));
        }
        for (; i < m; i++)
        {
            ref float r0 = ref Unsafe.Add(ref pw, (nint)i * n);
            Vector512<float> a0 = default;
            for (nuint p = 0; p < end; p += Lanes)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, p), Vector512.LoadUnsafe(ref px, p), a0);
            }
            y[i] = Tail(ref r0, ref px, (int)end, n, Simd512.Sum(a0));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail(ref float row, ref float x, int from, int to, float sum)
    {
        for (int p = from; p < to; p++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref row, p), Unsafe.Add(ref x, p), sum);
        return sum;
    }
}
