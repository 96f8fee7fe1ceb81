using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Canns.Models;

namespace Canns.Numerics;

internal static partial class Blas
{
    /// <summary>The unit roundoff of bfloat16 (8 significant bits, rounded to nearest): <c>|bf16(x) − x| ≤ 2⁻⁸·|x|</c> for normal x.</summary>
    public const double Bf16UnitRoundoff = 1.0 / 256;

    /// <summary>
    /// True when <see cref="GemvBf16"/> runs its 512-bit kernel. Its rounding depth is at most <see cref="Dot"/>'s: one
    /// chain per lane for the even and one for the odd elements of each 32-element block (k/32 each), one more for a
    /// 16-element block, their sum, the halving tree, then the scalar tail past a multiple of 16.
    /// </summary>
    public static bool Bf16GemvAvailable => Level == SimdLevel.Vector512 && Avx512F.IsSupported;

    /// <summary>
    /// Rounds each float of <paramref name="source"/> to bfloat16 (the upper 16 bits of a float32), to nearest with
    /// ties to even. The caller guarantees finite values no larger than float.MaxValue / 2 in magnitude (so nothing
    /// rounds to infinity and no NaN needs quieting).
    /// </summary>
    public static void ToBf16(ReadOnlySpan<float> source, Span<ushort> target)
    {
        if (target.Length < source.Length) throw new ArgumentException($"Target ({target.Length}) shorter than source ({source.Length}).", nameof(target));
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var half = Vector512.Create(0x7FFFu);
            var one = Vector512.Create(1u);
            ref float s = ref MemoryMarshal.GetReference(source);
            ref ushort t = ref MemoryMarshal.GetReference(target);
            for (; i + 32 <= source.Length; i += 32)
            {
                var lo = Vector512.LoadUnsafe(ref s, (nuint)i).AsUInt32();
                var hi = Vector512.LoadUnsafe(ref s, (nuint)(i + 16)).AsUInt32();
                lo = (lo + half + ((lo >> 16) & one)) >> 16;
                hi = (hi + half + ((hi >> 16) & one)) >> 16;
                Vector512.Narrow(lo, hi).StoreUnsafe(ref t, (nuint)i);
            }
        }
        for (; i < source.Length; i++) target[i] = ToBf16(source[i]);
    }

    /// <summary>One float rounded to bfloat16 bits, to nearest with ties to even.</summary>
    public static ushort ToBf16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }

    /// <summary>The float a bfloat16 stands for (exact).</summary>
    public static float FromBf16(ushort value) => BitConverter.UInt32BitsToSingle((uint)value << 16);

    /// <summary>
    /// <c>y[i] ≈ Σ_k a[i,k]·x[k]</c> for the row-major (rows × k) bfloat16 matrix a: each row is summed with at most
    /// <see cref="Dot"/>'s rounding depth (see <see cref="Bf16GemvAvailable"/>) on the exact float values of its elements, in
    /// parallel over blocks of rows as <see cref="Gemv(float[], int, float[], int, float[])"/>. Half the bytes of the
    /// float product, for a field that only has to be close (within <see cref="Bf16UnitRoundoff"/> of each weight).
    /// A 32-bit lane of 64 loaded bytes holds two elements: the even one is the lane shifted left by 16 bits, the odd
    /// one the lane with its low half cleared (two operations for 32 elements, instead of two widenings and two shifts),
    /// against x split once per call into the even and odd elements of each block.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="Bf16GemvAvailable"/> is false.</exception>
    public static void GemvBf16(ushort[] a, int rows, float[] x, int k, float[] y)
    {
        if (!Bf16GemvAvailable) throw new InvalidOperationException("The bfloat16 product needs AVX-512.");
        if ((long)rows * k > a.Length) throw new ArgumentException($"Matrix length ({a.Length}) < rows ({rows}) × columns ({k}).");
        if (x.Length < k || y.Length < rows) throw new ArgumentException($"x ({x.Length}) or y ({y.Length}) shorter than columns ({k}) or rows ({rows}).");
        float[] split = System.Buffers.ArrayPool<float>.Shared.Rent(Math.Max(k, 1));
        try
        {
            SplitEvenOdd(x, k, split);
            if ((long)rows * k < 2 * GemvParallelThreshold || CannsParallelism.MaxDegree == 1)
            {
                GemvBf16Rows(a, k, x, split, y, 0, rows);
                return;
            }
            int chunkRows = RowChunk(rows, out int chunks);
            HotTeam.For(chunks, c =>
            {
                int i0 = c * chunkRows;
                GemvBf16Rows(a, k, x, split, y, i0, Math.Min(rows, i0 + chunkRows));
            });
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(split);
        }
    }

    /// <summary>For each whole block of 32 elements of x from p: its 16 even elements at p, its 16 odd ones at p + 16.</summary>
    private static void SplitEvenOdd(float[] x, int k, float[] split)
    {
        for (int p = 0; p + 32 <= k; p += 32)
        for (int j = 0; j < 16; j++) (split[p + j], split[p + 16 + j]) = (x[p + 2 * j], x[p + 2 * j + 1]);
    }

    private static void GemvBf16Rows(ushort[] a, int k, float[] x, float[] split, float[] y, int i0, int i1)
    {
        ref ushort origin = ref MemoryMarshal.GetArrayDataReference(a);
        ref float px = ref MemoryMarshal.GetArrayDataReference(x);
        ref float ps = ref MemoryMarshal.GetArrayDataReference(split);
        int i = i0;
        for (; i + 4 <= i1; i += 4)
        {
            ref ushort a0 = ref Unsafe.Add(ref origin, (nint)i * k);
            Bf16Dot4(ref a0, ref Unsafe.Add(ref a0, k), ref Unsafe.Add(ref a0, 2 * k), ref Unsafe.Add(ref a0, 3 * k), k, ref px, ref ps, ref y[i]);
        }
        for (; i < i1; i++) y[i] = Bf16Dot(ref Unsafe.Add(ref origin, (nint)i * k), ref px, ref ps, k);
    }

    /// <summary>The even elements of 32 bfloat16 loaded as 16 pairs, as floats (each 32-bit lane shifted left by 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> EvenBf16(Vector512<uint> pairs) => Vector512.ShiftLeft(pairs, 16).AsSingle();

    /// <summary>The odd elements of the 32 bfloat16 as floats (each 32-bit lane with its low half cleared).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> OddBf16(Vector512<uint> pairs) => (pairs & Vector512.Create(0xFFFF_0000u)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Pairs(ref ushort source, nuint offset) => Vector512.LoadUnsafe(ref Unsafe.As<ushort, uint>(ref Unsafe.Add(ref source, offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> WidenBf16(ref ushort source, nuint offset) =>
        Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref source, offset)), 16).AsSingle();

    private static void Bf16Dot4(ref ushort a0, ref ushort a1, ref ushort a2, ref ushort a3, int k, ref float x, ref float split, ref float y)
    {
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default, o0 = default, o1 = default, o2 = default, o3 = default;
        nuint p = 0, blocks = (nuint)(k - k % 32);
        for (; p < blocks; p += 32)
        {
            var xe = Vector512.LoadUnsafe(ref split, p);
            var xo = Vector512.LoadUnsafe(ref split, p + 16);
            var w0 = Pairs(ref a0, p);
            var w1 = Pairs(ref a1, p);
            var w2 = Pairs(ref a2, p);
            var w3 = Pairs(ref a3, p);
            e0 = Vector512.FusedMultiplyAdd(EvenBf16(w0), xe, e0);
            o0 = Vector512.FusedMultiplyAdd(OddBf16(w0), xo, o0);
            e1 = Vector512.FusedMultiplyAdd(EvenBf16(w1), xe, e1);
            o1 = Vector512.FusedMultiplyAdd(OddBf16(w1), xo, o1);
            e2 = Vector512.FusedMultiplyAdd(EvenBf16(w2), xe, e2);
            o2 = Vector512.FusedMultiplyAdd(OddBf16(w2), xo, o2);
            e3 = Vector512.FusedMultiplyAdd(EvenBf16(w3), xe, e3);
            o3 = Vector512.FusedMultiplyAdd(OddBf16(w3), xo, o3);
        }
        if (p + 16 <= (nuint)k)
        {
            var v = Vector512.LoadUnsafe(ref x, p);
            e0 = Vector512.FusedMultiplyAdd(WidenBf16(ref a0, p), v, e0);
            e1 = Vector512.FusedMultiplyAdd(WidenBf16(ref a1, p), v, e1);
            e2 = Vector512.FusedMultiplyAdd(WidenBf16(ref a2, p), v, e2);
            e3 = Vector512.FusedMultiplyAdd(WidenBf16(ref a3, p), v, e3);
            p += 16;
        }
        y = Bf16Tail(ref a0, ref x, (int)p, k, Simd512.Sum(e0 + o0));
        Unsafe.Add(ref y, 1) = Bf16Tail(ref a1, ref x, (int)p, k, Simd512.Sum(e1 + o1));
        Unsafe.Add(ref y, 2) = Bf16Tail(ref a2, ref x, (int)p, k, Simd512.Sum(e2 + o2));
        Unsafe.Add(ref y, 3) = Bf16Tail(ref a3, ref x, (int)p, k, Simd512.Sum(e3 + o3));
    }

    private static float Bf16Dot(ref ushort a, ref float x, ref float split, int k)
    {
        Vector512<float> e = default, o = default;
        nuint p = 0, blocks = (nuint)(k - k % 32);
        for (; p < blocks; p += 32)
        {
            var w = Pairs(ref a, p);
            e = Vector512.FusedMultiplyAdd(EvenBf16(w), Vector512.LoadUnsafe(ref split, p), e);
            o = Vector512.FusedMultiplyAdd(OddBf16(w), Vector512.LoadUnsafe(ref split, p + 16), o);
        }
        if (p + 16 <= (nuint)k)
        {
            e = Vector512.FusedMultiplyAdd(WidenBf16(ref a, p), Vector512.LoadUnsafe(ref x, p), e);
            p += 16;
        }
        return Bf16Tail(ref a, ref x, (int)p, k, Simd512.Sum(e + o));
    }

    private static float Bf16Tail(ref ushort a, ref float x, int from, int to, float sum)
    {
        for (int p = from; p < to; p++) sum = MathF.FusedMultiplyAdd(FromBf16(Unsafe.Add(ref a, p)), Unsafe.Add(ref x, p), sum);
        return sum;
    }
}
