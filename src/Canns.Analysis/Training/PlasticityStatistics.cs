namespace Canns.Analysis;

/// <summary>Statistics of what the plasticity toolkit did to a network's synapses.</summary>
public static class PlasticityStatistics
{
    /// <summary>
    /// The Pearson correlation, over the existing synapses, between how often each synapse's neurons were active together
    /// (<see cref="Canns.Trainers.PlasticityTrainer.Coactivations"/>) and how much its weight changed (<c>after − before</c>):
    /// near 1 when the rule strengthened what fired together.
    /// </summary>
    /// <param name="coactivations">The co-activation counts, N × N row-major.</param>
    /// <param name="before">W before, N × N.</param>
    /// <param name="after">W after, N × N.</param>
    /// <param name="mask">The network's synapses (non-zero where one exists), N × N.</param>
    /// <returns>The correlation in [−1, 1]; null when either quantity has no spread over the synapses (or there are fewer than two).</returns>
    /// <exception cref="ArgumentException">The lengths differ, or a value is NaN or ∞.</exception>
    public static double? CoactivationCorrelation(ReadOnlySpan<float> coactivations, ReadOnlySpan<float> before, ReadOnlySpan<float> after, ReadOnlySpan<float> mask)
    {
        int length = coactivations.Length;
        if (before.Length != length || after.Length != length || mask.Length != length)
        {
            throw new ArgumentException($"The lengths differ: co-activations {length}, before {before.Length}, after {after.Length}, mask {mask.Length}.");
        }
        long count = 0;
        double sx = 0, sy = 0;
        for (int k = 0; k < length; k++)
        {
            if (mask[k] == 0) continue;
            double x = coactivations[k], y = (double)after[k] - before[k];
            if (!double.IsFinite(x) || !double.IsFinite(y)) throw new ArgumentException($"Synapse {k} has a co-activation count of {x} and a weight change of {y}.");
            sx += x;
            sy += y;
            count++;
        }
        if (count < 2) return null;
        double mx = sx / count, my = sy / count, sxy = 0, sxx = 0, syy = 0;
        for (int k = 0; k < length; k++)
        {
            if (mask[k] == 0) continue;
            double dx = coactivations[k] - mx, dy = (double)after[k] - before[k] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? null : Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }
}
