using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Canns.Models;

namespace Canns.Numerics;

internal static partial class Blas
{
    /// <summary>
    /// True when the row-major n × n matrix <paramref name="w"/> equals its transpose bit for bit (so +0 and −0 differ,
    /// and a NaN off the diagonal matches only a NaN with the same bits). With 512-bit vectors, 16 × 16 tiles below the diagonal are
    /// compared with the transposes of their mirrors; the rest (and every other machine) runs <see cref="IsSymmetricScalar"/>.
    /// </summary>
    public static bool IsSymmetric(float[] w, int n)
    {
        ArgumentNullException.ThrowIfNull(w);
        if ((long)n * n > w.Length) throw new ArgumentException($"The buffer ({w.Length}) is smaller than {n} × {n}.", nameof(w));
        if (!Vector512.IsHardwareAccelerated || n < 32) return IsSymmetricScalar(w, n, 0);
        int full = n / 16 * 16;
        Span<float> transposed = stackalloc float[256];
        ref float t = ref MemoryMarshal.GetReference(transposed);
        ref float origin = ref MemoryMarshal.GetArrayDataReference(w);
        for (int bi = 16; bi < full; bi += 16)
        {
            for (int bj = 0; bj < bi; bj += 16)
            {
                // The tile at rows bj.., columns bi.. (above the diagonal), transposed, must equal the tile at rows bi.., columns bj...
                Transpose16(ref Unsafe.Add(ref origin, (nint)bj * n + bi), n, ref t, 16);
                var differ = Vector512<int>.Zero;
                for (int u = 0; u < 16; u++)
                {
                    var below = Vector512.LoadUnsafe(ref Unsafe.Add(ref origin, (nint)(bi + u) * n + bj)).AsInt32();
                    differ |= below ^ Vector512.LoadUnsafe(ref Unsafe.Add(ref t, 16 * u)).AsInt32();
                }
                if (differ != Vector512<int>.Zero) return false;
            }
        }
        // Inside the diagonal tiles, and the rows and columns past the last full tile.
        for (int b = 0; b < full; b += 16)
        {
            for (int i = b + 1; i < b + 16; i++)
            {
                for (int j = b; j < i; j++)
                {
                    if (!SameBits(w, n, i, j)) return false;
                }
            }
        }
        return IsSymmetricScalar(w, n, full);
    }

    /// <summary>
    /// Copies the strict lower triangle of the row-major n × n matrix <paramref name="w"/> onto the upper one,
    /// <c>w[j, i] = w[i, j]</c> for j &lt; i, so w becomes exactly symmetric. Rows of 16 × 16 tiles run in parallel; with
    /// 512-bit vectors whole tiles go through an in-register transpose.
    /// </summary>
    public static void MirrorLower(float[] w, int n)
    {
        ArgumentNullException.ThrowIfNull(w);
        if ((long)n * n > w.Length) throw new ArgumentException($"The buffer ({w.Length}) is smaller than {n} × {n}.", nameof(w));
        int tiles = (n + 15) / 16;
        bool vector = Vector512.IsHardwareAccelerated;
        CannsParallelism.For(0, tiles, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (bi) =>
        {
            int i0 = bi * 16, i1 = Math.Min(n, i0 + 16);
            ref float origin = ref MemoryMarshal.GetArrayDataReference(w);
            for (int bj = 0; bj < bi; bj++)
            {
                int j0 = bj * 16;
                if (vector && i1 - i0 == 16)
                {
                    Transpose16(ref Unsafe.Add(ref origin, (nint)i0 * n + j0), n, ref Unsafe.Add(ref origin, (nint)j0 * n + i0), n);
                    continue;
                }
                for (int i = i0; i < i1; i++)
                {
                    for (int j = j0; j < j0 + 16; j++) w[(long)j * n + i] = w[(long)i * n + j];
                }
            }
            // The diagonal tile.
            for (int i = i0 + 1; i < i1; i++)
            {
                for (int j = i0; j < i; j++) w[(long)j * n + i] = w[(long)i * n + j];
            }
        }, maxDegree: (long)n * n < 1 << 18 ? 1 : -1);
    }

    /// <summary>The reference: every pair (i, j) with j &lt; i and i ≥ <paramref name="fromRow"/>, compared bit for bit.</summary>
    internal static bool IsSymmetricScalar(float[] w, int n, int fromRow)
    {
        for (int i = fromRow; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (!SameBits(w, n, i, j)) return false;
            }
        }
        return true;
    }

    private static bool SameBits(float[] w, int n, int i, int j) =>
        BitConverter.SingleToInt32Bits(w[(long)i * n + j]) == BitConverter.SingleToInt32Bits(w[(long)j * n + i]);
}
