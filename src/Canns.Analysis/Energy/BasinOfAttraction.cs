using Canns.Models;

namespace Canns.Analysis;

/// <summary>
/// The basin of attraction of one stored pattern: the largest fraction of flipped bits f such that recall from a
/// probe with round(f·N) random bits flipped ends exactly on the pattern in at least the required share of trials,
/// for f and for every smaller fraction tried.
/// </summary>
/// <param name="Pattern">The pattern's index.</param>
/// <param name="Radius">The basin radius as a fraction of N; 0 when even the pattern itself is not recalled.</param>
/// <param name="FlipFractions">The flip fractions tried, ascending from 0.</param>
/// <param name="SuccessRates">The share of trials recalled exactly at each fraction.</param>
/// <remarks>
/// Equality is by value: the lists are compared element by element (doubles by <c>Equals</c>, so NaN equals NaN).
/// </remarks>
public sealed record BasinOfAttraction(int Pattern, double Radius, IReadOnlyList<double> FlipFractions, IReadOnlyList<double> SuccessRates)
{
    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(BasinOfAttraction? other) =>
        ReferenceEquals(this, other) || (other is not null && Pattern == other.Pattern && Radius.Equals(other.Radius) &&
        SequenceEquality.Equal(FlipFractions, other.FlipFractions) && SequenceEquality.Equal(SuccessRates, other.SuccessRates));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Pattern, Radius, SequenceEquality.Hash(FlipFractions), SequenceEquality.Hash(SuccessRates));
}
