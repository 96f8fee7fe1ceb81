namespace Canns.Analysis;

/// <summary>The results at one point, over all its trials.</summary>
/// <param name="Point">The point.</param>
/// <param name="Trials">The trials summarised.</param>
/// <param name="MeanOverlap">The mean final overlap over all P·T probes.</param>
/// <param name="OverlapStandardDeviation">The population standard deviation of the final overlap over all P·T probes, <c>√(E[m²] − E[m]²)</c>.</param>
/// <param name="MinOverlap">The smallest final overlap seen.</param>
/// <param name="ExactRecallFraction">The fraction of probes recalled exactly, over all trials.</param>
/// <param name="ExactRecallStandardDeviation">The population standard deviation of the per-trial exact-recall fraction.</param>
/// <param name="FixedPointFraction">The fraction of stored patterns that are fixed points, over all trials.</param>
/// <param name="MeanIterations">The mean number of recall steps.</param>
public sealed record CapacityPointSummary(
    CapacityPoint Point, int Trials, double MeanOverlap, double OverlapStandardDeviation, double MinOverlap,
    double ExactRecallFraction, double ExactRecallStandardDeviation, double FixedPointFraction, double MeanIterations);
