using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// A proven upper bound on max |W_ij| of the parameter a trainer writes, kept with the <see cref="ParamState.Version"/>
/// its own last commit left. A call on W as the trainer left it needs no pass over W; any other version (the first
/// call, or a write by the user or another trainer since) is scanned once, and a NaN or ∞ found there is refused.
/// </summary>
/// <remarks>
/// Writes through a span taken before the trainer's last commit do not change the version, so they are not seen: as
/// for the recall caches, call <see cref="ParamState.MarkChanged"/> after such a write.
/// </remarks>
internal sealed class WeightBound
{
    /// <summary>The bits of +∞; NaNs (sign bit cleared) lie above.</summary>
    private const int PositiveInfinityBits = 0x7F800000;

    /// <summary>Values per chunk of the scan dealt to the cores: 1 M floats, 4 MB.</summary>
    private const int ScanChunk = 1 << 20;

    private ParamState? _parameter;
    private long _version;
    private double _bound;

    /// <summary>How many times W has been scanned; tests check that a call on the trainer's own W scans nothing.</summary>
    public long Scans { get; private set; }

    /// <summary>
    /// An upper bound on max |W_ij|: the one kept when <paramref name="w"/> is at the version this trainer left,
    /// otherwise max |W| from one vectorised pass (kept for this version).
    /// </summary>
    /// <exception cref="ArgumentException">W holds NaN or ±∞; the message names the first such element. Nothing is kept.</exception>
    public double Of(ParamState w)
    {
        // The version is read before the scan and kept with its result: a write that lands during the scan (the first
        // look runs outside the model's lock) bumps the version past it, so the next look scans again. Read after the
        // scan, it would vouch for values the scan never saw.
        long version = w.Version;
        if (ReferenceEquals(w, _parameter) && version == _version) return _bound;
        Scans++;
        int bits = MaxMagnitudeBits(w.Buffer, w.Length);
        ScanFinished?.Invoke();
        if (bits >= PositiveInfinityBits) Trainer.ThrowIfNotFiniteBeforeTraining(w.AsReadOnlySpan(), w.Name, w.Columns);
        float largest = BitConverter.Int32BitsToSingle(bits);
        _parameter = w;
        _version = version;
        _bound = largest;
        return largest;
    }

    /// <summary>For tests: called after a scan of W, before its result is kept (a write by another thread there).</summary>
    internal Action? ScanFinished { get; set; }

    /// <summary>
    /// The largest of the bit patterns of |values[k]| (the sign bit cleared) as integers, on all cores. For floats of
    /// one sign the bits order as the values do, and NaN and ±∞ have every exponent bit set: so this is the bits of
    /// max |W| when every value is finite, and at least those of +∞ otherwise. One integer and and one max a vector
    /// (<c>TensorPrimitives.MaxMagnitude</c> costs several times that, NaN handling included): the pass runs at memory speed.
    /// </summary>
    internal static int MaxMagnitudeBits(float[] values, int length)
    {
        int chunks = length < ScanChunk ? 1 : (length + ScanChunk - 1) / ScanChunk;
        var maxima = new int[chunks];
        HotTeam.For(chunks, c =>
        {
            int start = c * ScanChunk;
            var part = MemoryMarshal.Cast<float, int>(values.AsSpan(start, Math.Min(ScanChunk, length - start)));
            maxima[c] = MaxMagnitudeBits(part);
        });
        return chunks == 0 ? 0 : maxima.Max();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MaxMagnitudeBits(ReadOnlySpan<int> bits)
    {
        int k = 0, max = 0;
        ref int p = ref MemoryMarshal.GetReference(bits);
        if (Vector256.IsHardwareAccelerated && bits.Length >= 32)
        {
            var mask = Vector256.Create(int.MaxValue);
            Vector256<int> a = default, b = default, c = default, d = default;
            for (; k <= bits.Length - 32; k += 32)
            {
                a = Vector256.Max(a, Vector256.LoadUnsafe(ref p, (nuint)k) & mask);
                b = Vector256.Max(b, Vector256.LoadUnsafe(ref p, (nuint)(k + 8)) & mask);
                c = Vector256.Max(c, Vector256.LoadUnsafe(ref p, (nuint)(k + 16)) & mask);
                d = Vector256.Max(d, Vector256.LoadUnsafe(ref p, (nuint)(k + 24)) & mask);
            }
            var m = Vector256.Max(Vector256.Max(a, b), Vector256.Max(c, d));
            for (int t = 0; t < Vector256<int>.Count; t++) max = Math.Max(max, m[t]);
        }
        for (; k < bits.Length; k++) max = Math.Max(max, Unsafe.Add(ref p, k) & int.MaxValue);
        return max;
    }

    /// <summary>Records that <paramref name="w"/>, at its current version, has no entry larger than <paramref name="bound"/> in magnitude.</summary>
    public void Keep(ParamState w, double bound)
    {
        _parameter = w;
        _version = w.Version;
        _bound = bound;
    }
}
