using Canns.Models;

namespace Canns.Analysis;

/// <summary>Where recall from uniformly random ±1 starts ends up.</summary>
/// <param name="Kinds">The kind of final state reached from each start.</param>
/// <param name="Energies">The energy of each final state.</param>
/// <param name="NotConverged">Starts whose dynamics still changed at the step limit (counted as <see cref="AttractorKind.Other"/>).</param>
/// <remarks>
/// Equality is by value: the lists are compared element by element (doubles by <c>Equals</c>, so NaN equals NaN).
/// </remarks>
public sealed record AttractorCensus(IReadOnlyList<AttractorKind> Kinds, IReadOnlyList<double> Energies, int NotConverged)
{
    /// <summary>The number of starts.</summary>
    public int Starts => Kinds.Count;

    /// <summary>How many starts ended in an attractor of the given kind; the four counts sum to <see cref="Starts"/>.</summary>
    public int Count(AttractorKind kind) => Kinds.Count(k => k == kind);

    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(AttractorCensus? other) =>
        ReferenceEquals(this, other) || (other is not null && NotConverged == other.NotConverged && SequenceEquality.Equal(Kinds, other.Kinds) &&
        SequenceEquality.Equal(Energies, other.Energies));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NotConverged, SequenceEquality.Hash(Kinds), SequenceEquality.Hash(Energies));
}
