using Canns.Models;

namespace Canns.Analysis;

/// <summary>The energies <c>E(ξ_p)</c> of stored patterns, by the model's own energy function.</summary>
/// <param name="Energies">One energy per pattern, in row order.</param>
/// <param name="WeightsVersion">The weights' version they were computed at.</param>
/// <remarks>
/// Equality is by value: the lists are compared element by element (doubles by <c>Equals</c>, so NaN equals NaN).
/// </remarks>
public sealed record PatternEnergies(IReadOnlyList<double> Energies, long WeightsVersion) : WeightBoundResult(WeightsVersion)
{
    /// <summary>The mean energy <c>(1/P) Σ_p E(ξ_p)</c>.</summary>
    public double Mean => Energies.Count == 0 ? double.NaN : Energies.Average();

    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(PatternEnergies? other) =>
        ReferenceEquals(this, other) || (other is not null && base.Equals(other) && SequenceEquality.Equal(Energies, other.Energies));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), SequenceEquality.Hash(Energies));
}
