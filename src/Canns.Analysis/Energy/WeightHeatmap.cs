using Canns.Models;

namespace Canns.Analysis;

/// <summary>
/// The top-left block of W shown as a heatmap: of an N × N W, or of a dense memory's P × N memory matrix (its stored
/// memories' rows only).
/// </summary>
/// <param name="Rows">The block's rows, <c>min(N, HeatmapSize)</c>, or <c>min(P, HeatmapSize)</c> for a dense memory.</param>
/// <param name="Columns">The block's columns, <c>min(N, HeatmapSize)</c>.</param>
/// <param name="Values">The block's entries <c>W_ij</c>, row-major, i &lt; Rows, j &lt; Columns.</param>
/// <param name="MaxAbs"><c>max |W_ij|</c> over the block, the colour scale's half-range.</param>
/// <remarks>
/// Equality is by value: the lists are compared element by element (doubles by <c>Equals</c>, so NaN equals NaN).
/// </remarks>
public sealed record WeightHeatmap(int Rows, int Columns, IReadOnlyList<double> Values, double MaxAbs)
{
    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(WeightHeatmap? other) =>
        ReferenceEquals(this, other) || (other is not null && Rows == other.Rows && Columns == other.Columns && MaxAbs.Equals(other.MaxAbs) &&
        SequenceEquality.Equal(Values, other.Values));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Rows, Columns, MaxAbs, SequenceEquality.Hash(Values));
}
