namespace Canns.Analysis;

/// <summary>What one trial (cell) of a capacity study measured, over its P probes.</summary>
/// <param name="PointIndex">The point's index in the plan.</param>
/// <param name="Trial">The trial number.</param>
/// <param name="Seed">The cell's seed.</param>
/// <param name="Patterns">P, the number of probes.</param>
/// <param name="MeanOverlap">The mean final overlap <c>(1/P) Σ_p m_p</c>, <c>m_p = (1/N) Σ_i ξ_pi s_pi</c>.</param>
/// <param name="MeanSquaredOverlap"><c>(1/P) Σ_p m_p²</c>, so the spread over all trials can be computed exactly.</param>
/// <param name="MinOverlap"><c>min_p m_p</c>.</param>
/// <param name="ExactRecalls">How many probes' dynamics converged exactly on their pattern (<c>m_p = 1</c>, a fixed point reached; a cycle that passes through the pattern does not count).</param>
/// <param name="FixedPoints">How many stored patterns are fixed points of the dynamics (no unit changes in one sweep).</param>
/// <param name="MeanIterations">The mean number of recall steps.</param>
public sealed record CapacityTrialResult(
    int PointIndex, int Trial, int Seed, int Patterns, double MeanOverlap, double MeanSquaredOverlap, double MinOverlap,
    int ExactRecalls, int FixedPoints, double MeanIterations);
