namespace Canns.Analysis;

/// <summary>What one recall did.</summary>
/// <param name="BestMatch">The stored pattern closest to the output, with its signed overlap.</param>
/// <param name="InputOutputOverlap">The overlap of the probe with the output, <c>(1/N) Σ_i x_i s_i</c>.</param>
/// <param name="InputOverlap">The overlap of the probe with the best-matching pattern, <c>(1/N) Σ_i ξ_i x_i</c>: how far the probe started from it.</param>
/// <param name="OutputEnergy">The output's energy by the model's own energy function.</param>
/// <param name="WeightsVersion">The weights' version it was computed at.</param>
public sealed record RecallAnalysis(PatternMatch BestMatch, double InputOutputOverlap, double InputOverlap, double OutputEnergy, long WeightsVersion)
    : WeightBoundResult(WeightsVersion)
{
    /// <summary>True when the output is exactly a stored pattern (signed overlap 1).</summary>
    public bool IsExactRecall => BestMatch.Overlap == 1.0;
}
