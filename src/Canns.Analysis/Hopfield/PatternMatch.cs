namespace Canns.Analysis;

/// <summary>The stored pattern that best matches a state.</summary>
/// <param name="Index">The pattern's row index.</param>
/// <param name="Overlap">The signed overlap <c>m = (1/N) Σ_i ξ_i s_i</c> in [−1, 1].</param>
public sealed record PatternMatch(int Index, double Overlap)
{
    /// <summary>The absolute overlap <c>|m|</c>.</summary>
    public double AbsoluteOverlap => Math.Abs(Overlap);

    /// <summary>True when the state is closer to the inverse pattern −ξ than to ξ (<c>m &lt; 0</c>).</summary>
    public bool IsInverted => Overlap < 0;
}
