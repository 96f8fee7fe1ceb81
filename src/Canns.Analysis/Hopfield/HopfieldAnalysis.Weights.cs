using Canns.Models;

namespace Canns.Analysis;

public static partial class HopfieldAnalysis
{
    /// <summary>
    /// Statistics of a square weight matrix W: minimum, maximum, mean and standard deviation of all entries, the
    /// Frobenius norm <c>‖W‖ = √(Σ_ij W_ij²)</c>, the symmetry error <c>‖W − Wᵀ‖ / ‖W‖</c> (defined as 0 for W = 0),
    /// the mean and largest absolute diagonal entry, and a histogram of the off-diagonal entries.
    /// </summary>
    /// <param name="weights">The weights, square.</param>
    /// <param name="bins">Histogram bins, at least 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentException">W is not square, is empty, or holds NaN or ±∞ (the message names the entry).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> &lt; 1.</exception>
    public static WeightStatistics Weights(ParamState weights, int bins = 40)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (weights.Rows != weights.Columns || weights.Length == 0)
        {
            throw new ArgumentException($"Weight statistics need a non-empty square W, got shape ({weights.Rows}, {weights.Columns}).", nameof(weights));
        }
        long version = weights.Version;
        int n = weights.Rows;
        var w = weights.AsReadOnlySpan();
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, sumSq = 0, asym = 0, diagSum = 0, diagMax = 0;
        double offMin = double.PositiveInfinity, offMax = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double v = w[i * n + j];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"W holds a non-finite value ({v}) at row {i}, column {j}; weight statistics need finite weights.", nameof(weights));
                }
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                sum += v;
                sumSq += v * v;
                if (i == j) continue;
                offMin = Math.Min(offMin, v);
                offMax = Math.Max(offMax, v);
                double d = v - w[j * n + i];
                asym += d * d;
            }
            diagSum += w[i * n + i];
            diagMax = Math.Max(diagMax, Math.Abs(w[i * n + i]));
        }
        double count = (double)n * n;
        double mean = sum / count;
        double norm = Math.Sqrt(sumSq);
        var histogram = n == 1 ? new Histogram(0, 0, [0]) : Histogram.Of(OffDiagonal(w, n), offMin, offMax, bins);
        return new WeightStatistics(
            n, min, max, mean, Math.Sqrt(Math.Max(0, sumSq / count - mean * mean)), norm,
            norm == 0 ? 0 : Math.Sqrt(asym) / norm, diagSum / n, diagMax, histogram, version);
    }

    /// <summary>The statistics of the model's weights <c>W</c>; see <see cref="Weights(ParamState, int)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">W is not square, is empty, or holds NaN or ±∞.</exception>
    public static WeightStatistics Weights(IHasWeights model, int bins = 40)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Weights(model.W, bins);
    }

    private static IEnumerable<double> OffDiagonal(ReadOnlySpan<float> w, int n)
    {
        var values = new double[(long)n * (n - 1)];
        long k = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (i != j) values[k++] = w[i * n + j];
            }
        }
        return values;
    }
}
