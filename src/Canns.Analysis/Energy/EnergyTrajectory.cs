using Canns.Models;

namespace Canns.Analysis;

/// <summary>The energy along one recall.</summary>
/// <param name="Pattern">The pattern the probe was made from.</param>
/// <param name="FlippedBits">The bits flipped in the probe.</param>
/// <param name="Energies">The energy of the probe and after every step (the recall's energy trace).</param>
/// <param name="FinalOverlap">The final state's overlap with the pattern.</param>
/// <remarks>
/// Equality is by value: the lists are compared element by element (doubles by <c>Equals</c>, so NaN equals NaN).
/// </remarks>
public sealed record EnergyTrajectory(int Pattern, int FlippedBits, IReadOnlyList<double> Energies, double FinalOverlap)
{
    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(EnergyTrajectory? other) =>
        ReferenceEquals(this, other) || (other is not null && Pattern == other.Pattern && FlippedBits == other.FlippedBits &&
        FinalOverlap.Equals(other.FinalOverlap) && SequenceEquality.Equal(Energies, other.Energies));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Pattern, FlippedBits, FinalOverlap, SequenceEquality.Hash(Energies));
}
