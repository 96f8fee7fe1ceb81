namespace Canns.Analysis;

/// <summary>Statistics of a square weight matrix W (N × N).</summary>
/// <param name="Neurons">N.</param>
/// <param name="Min">The smallest entry.</param>
/// <param name="Max">The largest entry.</param>
/// <param name="Mean">The mean of all N² entries.</param>
/// <param name="StandardDeviation">The population standard deviation of all N² entries.</param>
/// <param name="FrobeniusNorm"><c>‖W‖ = √(Σ_ij W_ij²)</c>.</param>
/// <param name="SymmetryError"><c>‖W − Wᵀ‖ / ‖W‖</c>, 0 for a symmetric W and defined as 0 for W = 0.</param>
/// <param name="DiagonalMean"><c>(1/N) Σ_i W_ii</c>.</param>
/// <param name="DiagonalMaxAbs"><c>max_i |W_ii|</c>: 0 when self-coupling was zeroed.</param>
/// <param name="OffDiagonal">The distribution of the off-diagonal entries.</param>
/// <param name="WeightsVersion">The weights' version it was computed at.</param>
public sealed record WeightStatistics(
    int Neurons, double Min, double Max, double Mean, double StandardDeviation, double FrobeniusNorm, double SymmetryError,
    double DiagonalMean, double DiagonalMaxAbs, Histogram OffDiagonal, long WeightsVersion) : WeightBoundResult(WeightsVersion);
