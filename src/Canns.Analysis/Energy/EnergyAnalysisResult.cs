using Canns.Models;

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
/// <remarks>
/// Equality is by value: the lists are compared element by element (doubles by <c>Equals</c>, so NaN equals NaN), and
/// the options (a copy of a mutable class) option by option.
/// </remarks>
public sealed record EnergyAnalysisResult(
    EnergyAnalysisOptions Options, WeightStatistics? Weights, PatternEnergies PatternEnergies, IReadOnlyList<EnergyTrajectory> Trajectories,
    StateEnergies States, IReadOnlyList<BasinOfAttraction> Basins, AttractorCensus Census, WeightHeatmap Heatmap, long WeightsVersion)
    : WeightBoundResult(WeightsVersion)
{
    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(EnergyAnalysisResult? other) =>
        ReferenceEquals(this, other) || (other is not null && base.Equals(other) && EnergyAnalysisOptions.Same(Options, other.Options) &&
        Equals(Weights, other.Weights) && Equals(PatternEnergies, other.PatternEnergies) && SequenceEquality.Equal(Trajectories, other.Trajectories) &&
        Equals(States, other.States) && SequenceEquality.Equal(Basins, other.Basins) && Equals(Census, other.Census) && Equals(Heatmap, other.Heatmap));

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(base.GetHashCode(), Weights, PatternEnergies, SequenceEquality.Hash(Trajectories), States, SequenceEquality.Hash(Basins), Census, Heatmap);
}
