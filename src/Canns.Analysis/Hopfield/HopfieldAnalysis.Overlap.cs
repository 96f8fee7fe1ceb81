using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Canns.Models;

namespace Canns.Analysis;

public static partial class HopfieldAnalysis
{
    /// <summary>
    /// The signed overlap <c>m = (1/N) Σ_i a_i b_i</c>, accumulated in double (each product of two floats is exact there;
    /// the sum runs in 16 double lanes, so its last bits depend on N's split into lanes, not on anything else; for ±1
    /// states every partial sum is an exact integer); 1 for equal ±1 states, −1 for inverted ones.
    /// </summary>
    /// <exception cref="ArgumentException">The states differ in length or are empty.</exception>
    public static double Overlap(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"The states differ in length: {a.Length} != {b.Length}.", nameof(b));
        if (a.Length == 0) throw new ArgumentException("The states are empty.", nameof(a));
        int i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && a.Length >= 16)
        {
            var low = Vector512<double>.Zero;
            var high = low;
            ref float x = ref MemoryMarshal.GetReference(a);
            ref float y = ref MemoryMarshal.GetReference(b);
            for (; i + 16 <= a.Length; i += 16)
            {
                var (xl, xh) = Vector512.Widen(Vector512.LoadUnsafe(ref x, (nuint)i));
                var (yl, yh) = Vector512.Widen(Vector512.LoadUnsafe(ref y, (nuint)i));
                low = Vector512.FusedMultiplyAdd(xl, yl, low);
                high = Vector512.FusedMultiplyAdd(xh, yh, high);
            }
            sum = Vector512.Sum(low + high);
        }
        for (; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum / a.Length;
    }

    /// <summary>The absolute overlap <c>|m| = |(1/N) Σ_i a_i b_i|</c>: 1 for a pattern and for its inverse, which are both attractors.</summary>
    /// <exception cref="ArgumentException">The states differ in length or are empty.</exception>
    public static double AbsoluteOverlap(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Math.Abs(Overlap(a, b));

    /// <summary>The signed overlap <c>m_p = (1/N) Σ_i ξ_pi s_i</c> of <paramref name="state"/> with every row ξ_p of <paramref name="patterns"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="patterns"/> is null.</exception>
    /// <exception cref="ArgumentException">There are no patterns, or their width differs from the state's length.</exception>
    public static double[] Overlaps(Matrix patterns, ReadOnlySpan<float> state)
    {
        ThrowIfWidthMismatch(patterns, state.Length, nameof(patterns));
        var overlaps = new double[patterns.Rows];
        for (int p = 0; p < patterns.Rows; p++) overlaps[p] = Overlap(patterns.Row(p), state);
        return overlaps;
    }

    /// <summary>
    /// The stored pattern closest to <paramref name="state"/>: <c>argmax_p |m_p|</c> (the lowest index on ties), with
    /// its signed overlap, so an inverted pattern is recognised as a match with overlap −1.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="patterns"/> is null.</exception>
    /// <exception cref="ArgumentException">There are no patterns, or their width differs from the state's length.</exception>
    public static PatternMatch BestMatch(Matrix patterns, ReadOnlySpan<float> state)
    {
        var overlaps = Overlaps(patterns, state);
        int best = 0;
        for (int p = 1; p < overlaps.Length; p++)
        {
            if (Math.Abs(overlaps[p]) > Math.Abs(overlaps[best])) best = p;
        }
        return new PatternMatch(best, overlaps[best]);
    }
}
