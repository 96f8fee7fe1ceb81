using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Canns.Numerics;

/// <summary>
/// The managed linear-algebra kernels the library needs, behind one seam so a faster backend can replace them.
/// </summary>
/// <remarks>
/// Every kernel forms each output element as the same ordered dot product: lane-wise fused multiply-adds over
/// whole vectors, one horizontal sum, then the tail element by element with fused multiply-adds. A matrix-vector
/// product and a matrix-matrix product therefore give bit-identical elements, which is what lets a batched recall
/// reproduce single-probe recall exactly, and makes results independent of the number of threads.
/// </remarks>
internal static partial class Blas
{
    /// <summary>The width in use; tests set it to compare the vector kernels against the scalar one.</summary>
    internal static SimdLevel Level { get; set; } = SimdSupport.Best;

    /// <summary>The lanes of <see cref="Level"/>'s vectors: the width of <see cref="Dot"/>'s lane chains.</summary>
    internal static int VectorWidth => Level switch
    {
        SimdLevel.Vector512 => System.Runtime.Intrinsics.Vector512<float>.Count,
        SimdLevel.Vector256 => System.Runtime.Intrinsics.Vector256<float>.Count,
        _ => 1,
    };

    /// <summary>Computes <c>Σ_k x[k]·y[k]</c> in the kernels' fixed order.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Lengths differ: x ({x.Length}) != y ({y.Length}).");
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        return Level switch
        {
            SimdLevel.Vector512 => Dot<Simd512, System.Runtime.Intrinsics.Vector512<float>>(ref px, ref py, x.Length),
            SimdLevel.Vector256 => Dot<Simd256, System.Runtime.Intrinsics.Vector256<float>>(ref px, ref py, x.Length),
            _ => Dot<SimdScalar, float>(ref px, ref py, x.Length),
        };
    }

    private static void GemmRows<TS, TV>(float[] a, float[] b, float[] c, int i0, int i1, int n, int k, bool lowerOnly, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct
    {
        ref float pa = ref MemoryMarshal.GetArrayDataReference(a);
        ref float pb = ref MemoryMarshal.GetArrayDataReference(b);
        int i = i0;
        for (; i + 4 <= i1; i += 4)
        {
            // Lower-only: whole tiles strictly below the diagonal block, then element by element up to the diagonal.
            int jEnd = lowerOnly ? i + 4 : n;
            int jTiles = lowerOnly ? i + 1 : n;
            int j = 0;
            for (; j + 4 <= jTiles; j += 4)
            {
                Tile4x4<TS, TV>(ref pa, ref pb, c, i, j, n, k, accumulate);
            }
            for (; j < jEnd; j++)
            {
                for (int r = 0; r < 4; r++)
                {
                    if (lowerOnly && j > i + r) continue;
                    Store(c, (long)(i + r) * n + j, accumulate, Dot<TS, TV>(ref Unsafe.Add(ref pa, (nint)(i + r) * k), ref Unsafe.Add(ref pb, (nint)j * k), k));
                }
            }
        }
        for (; i < i1; i++)
        {
            int jEnd = lowerOnly ? i + 1 : n;
            ref float row = ref Unsafe.Add(ref pa, (nint)i * k);
            for (int j = 0; j < jEnd; j++)
            {
                Store(c, (long)i * n + j, accumulate, Dot<TS, TV>(ref row, ref Unsafe.Add(ref pb, (nint)j * k), k));
            }
        }
    }

    /// <summary>A 4 × 4 block of outputs: 16 accumulators and 8 loads per step, each accumulator in the Dot order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x4<TS, TV>(ref float pa, ref float pb, float[] c, int i, int j, int n, int k, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct
    {
        ref float a0 = ref Unsafe.Add(ref pa, (nint)i * k);
        ref float a1 = ref Unsafe.Add(ref a0, k);
        ref float a2 = ref Unsafe.Add(ref a1, k);
        ref float a3 = ref Unsafe.Add(ref a2, k);
        ref float b0 = ref Unsafe.Add(ref pb, (nint)j * k);
        ref float b1 = ref Unsafe.Add(ref b0, k);
        ref float b2 = ref Unsafe.Add(ref b1, k);
        ref float b3 = ref Unsafe.Add(ref b2, k);
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero;
        TV c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c23 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c32 = TS.Zero, c33 = TS.Zero;
        int w = TS.Width;
        nuint p = 0;
        nuint end = (nuint)(k - k % w);
        for (; p < end; p += (nuint)w)
        {
            TV x0 = TS.Load(ref a0, p), x1 = TS.Load(ref a1, p), x2 = TS.Load(ref a2, p), x3 = TS.Load(ref a3, p);
            TV y = TS.Load(ref b0, p);
            c00 = TS.FusedMultiplyAdd(x0, y, c00); c10 = TS.FusedMultiplyAdd(x1, y, c10);
            c20 = TS.FusedMultiplyAdd(x2, y, c20); c30 = TS.FusedMultiplyAdd(x3, y, c30);
            y = TS.Load(ref b1, p);
            c01 = TS.FusedMultiplyAdd(x0, y, c01); c11 = TS.FusedMultiplyAdd(x1, y, c11);
            c21 = TS.FusedMultiplyAdd(x2, y, c21); c31 = TS.FusedMultiplyAdd(x3, y, c31);
            y = TS.Load(ref b2, p);
            c02 = TS.FusedMultiplyAdd(x0, y, c02); c12 = TS.FusedMultiplyAdd(x1, y, c12);
            c22 = TS.FusedMultiplyAdd(x2, y, c22); c32 = TS.FusedMultiplyAdd(x3, y, c32);
            y = TS.Load(ref b3, p);
            c03 = TS.FusedMultiplyAdd(x0, y, c03); c13 = TS.FusedMultiplyAdd(x1, y, c13);
            c23 = TS.FusedMultiplyAdd(x2, y, c23); c33 = TS.FusedMultiplyAdd(x3, y, c33);
        }
        int tail = k % w;
        int kk = k - tail;
        long r0 = (long)i * n + j, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
        Store(c, r0, accumulate, Tail(ref a0, ref b0, kk, k, TS.Sum(c00))); Store(c, r0 + 1, accumulate, Tail(ref a0, ref b1, kk, k, TS.Sum(c01)));
        Store(c, r0 + 2, accumulate, Tail(ref a0, ref b2, kk, k, TS.Sum(c02))); Store(c, r0 + 3, accumulate, Tail(ref a0, ref b3, kk, k, TS.Sum(c03)));
        Store(c, r1, accumulate, Tail(ref a1, ref b0, kk, k, TS.Sum(c10))); Store(c, r1 + 1, accumulate, Tail(ref a1, ref b1, kk, k, TS.Sum(c11)));
        Store(c, r1 + 2, accumulate, Tail(ref a1, ref b2, kk, k, TS.Sum(c12))); Store(c, r1 + 3, accumulate, Tail(ref a1, ref b3, kk, k, TS.Sum(c13)));
        Store(c, r2, accumulate, Tail(ref a2, ref b0, kk, k, TS.Sum(c20))); Store(c, r2 + 1, accumulate, Tail(ref a2, ref b1, kk, k, TS.Sum(c21)));
        Store(c, r2 + 2, accumulate, Tail(ref a2, ref b2, kk, k, TS.Sum(c22))); Store(c, r2 + 3, accumulate, Tail(ref a2, ref b3, kk, k, TS.Sum(c23)));
        Store(c, r3, accumulate, Tail(ref a3, ref b0, kk, k, TS.Sum(c30))); Store(c, r3 + 1, accumulate, Tail(ref a3, ref b1, kk, k, TS.Sum(c31)));
        Store(c, r3 + 2, accumulate, Tail(ref a3, ref b2, kk, k, TS.Sum(c32))); Store(c, r3 + 3, accumulate, Tail(ref a3, ref b3, kk, k, TS.Sum(c33)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float[] c, long index, bool accumulate, float value)
    {
        if (accumulate) c[index] += value;
        else c[index] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail(ref float x, ref float y, int from, int to, float sum)
    {
        for (int p = from; p < to; p++)
        {
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, p), Unsafe.Add(ref y, p), sum);
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot<TS, TV>(ref float x, ref float y, int k)
        where TS : struct, ISimd<TV> where TV : struct
    {
        TV acc = TS.Zero;
        int w = TS.Width;
        nuint end = (nuint)(k - k % w);
        for (nuint p = 0; p < end; p += (nuint)w)
        {
            acc = TS.FusedMultiplyAdd(TS.Load(ref x, p), TS.Load(ref y, p), acc);
        }
        return Tail(ref x, ref y, (int)end, k, TS.Sum(acc));
    }
}

internal static partial class Blas
{
    /// <summary>
    /// True when every value lies in [<paramref name="lo"/>, <paramref name="hi"/>] (NaN never does; with finite bounds
    /// neither does ±∞): one pass, 32 values at a time, instead of a minimum and then a maximum.
    /// </summary>
    public static bool AllWithin(ReadOnlySpan<float> values, float lo, float hi)
    {
        int i = 0, n = values.Length;
        ref float x = ref MemoryMarshal.GetReference(values);
        if (Vector512.IsHardwareAccelerated)
        {
            var low = Vector512.Create(lo);
            var high = Vector512.Create(hi);
            var inside = Vector512<float>.AllBitsSet;
            var inside2 = inside;
            for (; i + 32 <= n; i += 32)
            {
                var v = Vector512.LoadUnsafe(ref x, (nuint)i);
                var u = Vector512.LoadUnsafe(ref x, (nuint)(i + 16));
                inside &= Vector512.GreaterThanOrEqual(v, low) & Vector512.LessThanOrEqual(v, high);
                inside2 &= Vector512.GreaterThanOrEqual(u, low) & Vector512.LessThanOrEqual(u, high);
            }
            if (!Vector512.EqualsAll((inside & inside2).AsUInt32(), Vector512<uint>.AllBitsSet)) return false;
        }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref x, i);
            if (!(v >= lo && v <= hi)) return false;
        }
        return true;
    }
}
