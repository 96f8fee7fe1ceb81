using Canns.Models;

namespace Canns.Analysis;

/// <summary>
/// Counts of values in equal-width bins over [<see cref="Min"/>, <see cref="Max"/>]: bin k holds
/// <c>Min + k·w ≤ x &lt; Min + (k+1)·w</c> with <c>w = (Max − Min)/bins</c>; the last bin also holds <c>x = Max</c>.
/// </summary>
/// <param name="Min">The lower edge of the first bin.</param>
/// <param name="Max">The upper edge of the last bin.</param>
/// <param name="Counts">The count in each bin.</param>
/// <remarks>
/// Equality is by value: the counts are compared element by element.
/// </remarks>
public sealed record Histogram(double Min, double Max, IReadOnlyList<long> Counts)
{
    /// <summary>The bin width <c>(Max − Min)/bins</c>.</summary>
    public double BinWidth => Counts.Count == 0 ? 0 : (Max - Min) / Counts.Count;

    /// <summary>The total count.</summary>
    public long Total => Counts.Sum();

    /// <summary>Bins <paramref name="values"/> into <paramref name="bins"/> equal bins over [min, max]; values outside are dropped.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> &lt; 1, or the range is not finite with max ≥ min (its width max − min included).</exception>
    public static Histogram Of(IEnumerable<double> values, double min, double max, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!double.IsFinite(min) || !double.IsFinite(max) || max < min || !double.IsFinite(max - min))
        {
            throw new ArgumentOutOfRangeException(nameof(max), $"The histogram range [{min}, {max}] must be finite, with max ≥ min and a finite width max − min.");
        }
        var counts = new long[bins];
        double width = (max - min) / bins;
        foreach (double x in values)
        {
            if (!(x >= min && x <= max)) continue;
            int k = width == 0 ? 0 : (int)Math.Min(bins - 1, Math.Floor((x - min) / width));
            // (x − min)/width can round across an edge: settle k against the edges min + k·width themselves.
            if (width != 0)
            {
                if (k > 0 && x < min + k * width) k--;
                else if (k < bins - 1 && x >= min + (k + 1) * width) k++;
            }
            counts[k]++;
        }
        return new Histogram(min, max, counts);
    }

    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(Histogram? other) =>
        ReferenceEquals(this, other) || (other is not null && Min.Equals(other.Min) && Max.Equals(other.Max) &&
        SequenceEquality.Equal(Counts, other.Counts));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Min, Max, SequenceEquality.Hash(Counts));
}
