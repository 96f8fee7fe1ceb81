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
    /// True when <see cref="GemvBf16"/> runs its 512-bit kernel, which sums in <see cref="Dot"/>'s order (one chain per
    /// lane, the halving tree, no tail when k is a multiple of 16), so its rounding depth is Dot's.
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
    /// <c>y[i] ≈ Σ_k a[i,k]·x[k]</c> for the row-major (rows × k) bfloat16 matrix a: each row is summed in
    /// <see cref="Dot"/>'s order (see <see cref="Bf16GemvAvailable"/>) on the exact float values of its elements, in
    /// parallel over blocks of rows as <see cref="Gemv(float[], int, float[], int, float[])"/>. Half the bytes of the
    /// float product, for a field that only has to be close (within <see cref="Bf16UnitRoundoff"/> of each weight).
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="Bf16GemvAvailable"/> is false.</exception>
    public static void GemvBf16(ushort[] a, int rows, float[] x, int k, float[] y)
    {
        if (!Bf16GemvAvailable) throw new InvalidOperationException("The bfloat16 product needs AVX-512.");
        if ((long)rows * k > a.Length) throw new ArgumentException($"Matrix length ({a.Length}) < rows ({rows}) × columns ({k}).");
        if (x.Length < k || y.Length < rows) throw new ArgumentException($"x ({x.Length}) or y ({y.Length}) shorter than columns ({k}) or rows ({rows}).");
        if ((long)rows * k < 2 * GemvParallelThreshold || CannsParallelism.MaxDegree == 1)
        {
            GemvBf16Rows(a, k, x, y, 0, rows);
            return;
        }
        int chunkRows = RowChunk(rows, out int chunks);
        HotTeam.For(chunks, c =>
        {
            int i0 = c * chunkRows;
            GemvBf16Rows(a, k, x, y, i0, Math.Min(rows, i0 + chunkRows));
        });
    }

    private static void GemvBf16Rows(ushort[] a, int k, float[] x, float[] y, int i0, int i1)
    {
        ref ushort origin = ref MemoryMarshal.GetArrayDataReference(a);
        ref float px = ref MemoryMarshal.GetArrayDataReference(x);
        int i = i0;
        for (; i + 4 <= i1; i += 4)
        {
            ref ushort a0 = ref Unsafe.Add(ref origin, (nint)i * k);
            Bf16Dot4(ref a0, ref Unsafe.Add(ref a0, k), ref Unsafe.Add(ref a0, 2 * k), ref Unsafe.Add(ref a0, 3 * k), k, ref px, ref y[i]);
        }
        for (; i < i1; i++) y[i] = Bf16Dot(ref Unsafe.Add(ref origin, (nint)i * k), ref px, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> WidenBf16(ref ushort source, nuint offset) =>
        Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref source, offset)), 16).AsSingle();

    private static void Bf16Dot4(ref ushort a0, ref ushort a1, ref ushort a2, ref ushort a3, int k, ref float x, ref float y)
    {
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        nuint end = (nuint)(k - k % 16);
        for (nuint p = 0; p < end; p += 16)
        {
            var v = Vector512.LoadUnsafe(ref x, p);
            s0 = Vector512.FusedMultiplyAdd(WidenBf16(ref a0, p), v, s0);
            s1 = Vector512.FusedMultiplyAdd(WidenBf16(ref a1, p), v, s1);
            s2 = Vector512.FusedMultiplyAdd(WidenBf16(ref a2, p), v, s2);
            s3 = Vector512.FusedMultiplyAdd(WidenBf16(ref a3, p), v, s3);
        }
        y = Bf16Tail(ref a0, ref x, (int)end, k, Simd512.Sum(s0));
        Unsafe.Add(ref y, 1) = Bf16Tail(ref a1, ref x, (int)end, k, Simd512.Sum(s1));
        Unsafe.Add(ref y, 2) = Bf16Tail(ref a2, ref x, (int)end, k, Simd512.Sum(s2));
        Unsafe.Add(ref y, 3) = Bf16Tail(ref a3, ref x, (int)end, k, Simd512.Sum(s3));
    }

    private static float Bf16Dot(ref ushort a, ref float x, int k)
    {
        Vector512<float> s = default;
        nuint end = (nuint)(k - k % 16);
        for (nuint p = 0; p < end; p += 16) s = Vector512.FusedMultiplyAdd(WidenBf16(ref a, p), Vector512.LoadUnsafe(ref x, p), s);
        return Bf16Tail(ref a, ref x, (int)end, k, Simd512.Sum(s));
    }

    private static float Bf16Tail(ref ushort a, ref float x, int from, int to, float sum)
    {
        for (int p = from; p < to; p++) sum = MathF.FusedMultiplyAdd(FromBf16(Unsafe.Add(ref a, p)), Unsafe.Add(ref x, p), sum);
        return sum;
    }
}
