namespace Canns.Analysis;

/// <summary>The outcome of an energy analysis.</summary>
/// <param name="Options">A copy of the options it ran with (Neurons and Patterns as found in the network analysed).</param>
/// <param name="Weights">
/// Statistics of W; null when W is not a square coupling matrix: a dense memory's P × N memory matrix (even when
/// P = N), or any non-square W. The statistics apply to square W.
/// </param>
/// <param name="PatternEnergies">The stored patterns' energies.</param>
/// <param name="Trajectories">Energy trajectories of recalls from noisy probes.</param>
/// <param name="States">Energies of stored, inverted, mixture and random states.</param>
/// <param name="Basins">The basin of attraction of every stored pattern.</param>
/// <param name="Census">The attractors reached from random starts.</param>
/// <param name="Heatmap">The top-left block of W (of a dense memory, of its stored memories' rows).</param>
/// <param name="WeightsVersion">The weights' version it was computed at.</param>
public sealed record EnergyAnalysisResult(
    EnergyAnalysisOptions Options, WeightStatistics? Weights, PatternEnergies PatternEnergies, IReadOnlyList<EnergyTrajectory> Trajectories,
    StateEnergies States, IReadOnlyList<BasinOfAttraction> Basins, AttractorCensus Census, WeightHeatmap Heatmap, long WeightsVersion)
    : WeightBoundResult(WeightsVersion);
