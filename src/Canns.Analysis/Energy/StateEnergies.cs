using Canns.Models;

namespace Canns.Analysis;

/// <summary>Energies, by the model's own energy function, of stored patterns and of the states they compete with.</summary>
/// <param name="Stored">E(ξ_p) for every stored pattern.</param>
/// <param name="Inverted">E(−ξ_p) for every stored pattern.</param>
/// <param name="Mixtures">E(sgn(ξ_a + ξ_b + ξ_c)) for the triples evaluated (lexicographic order a &lt; b &lt; c).</param>
/// <param name="Random">E(s) for uniformly random ±1 states s.</param>
/// <remarks>
/// Equality is by value: the lists are compared element by element (doubles by <c>Equals</c>, so NaN equals NaN).
/// </remarks>
public sealed record StateEnergies(IReadOnlyList<double> Stored, IReadOnlyList<double> Inverted, IReadOnlyList<double> Mixtures, IReadOnlyList<double> Random)
{
    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(StateEnergies? other) =>
        ReferenceEquals(this, other) || (other is not null && SequenceEquality.Equal(Stored, other.Stored) &&
        SequenceEquality.Equal(Inverted, other.Inverted) && SequenceEquality.Equal(Mixtures, other.Mixtures) &&
        SequenceEquality.Equal(Random, other.Random));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(SequenceEquality.Hash(Stored), SequenceEquality.Hash(Inverted), SequenceEquality.Hash(Mixtures), SequenceEquality.Hash(Random));
}
