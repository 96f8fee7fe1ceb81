using Canns.Models;

namespace Canns.Analysis;

public static partial class HopfieldAnalysis
{
    /// <summary>The signed overlap <c>m = (1/N) Σ_i a_i b_i</c>, accumulated in double; 1 for equal ±1 states, −1 for inverted ones.</summary>
    /// <exception cref="ArgumentException">The states differ in length or are empty.</exception>
    public static double Overlap(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"The states differ in length: {a.Length} != {b.Length}.", nameof(b));
        if (a.Length == 0) throw new ArgumentException("The states are empty.", nameof(a));
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
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
