using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis;

public static partial class EnergyAnalysis
{
    private static AttractorCensus TakeCensus(HopfieldTrainer trainer, Matrix patterns, EnergyAnalysisOptions o, CancellationToken ct)
    {
        int n = patterns.Columns;
        var starts = new Matrix(o.CensusStarts, n);
        for (int s = 0; s < o.CensusStarts; s++)
        {
            var random = new SplitMix64((ulong)SplitMix64.DeriveSeed(o.Seed, 5, (ulong)s));
            Sampling.RandomBipolar(1, n, ref random).AsSpan().CopyTo(starts.Row(s));
        }
        var results = trainer.PredictBatch(starts, ct);
        var kinds = new AttractorKind[results.Count];
        var energies = new double[results.Count];
        var mixture = new float[n];
        int notConverged = 0;
        for (int s = 0; s < results.Count; s++)
        {
            kinds[s] = results[s].Converged ? Classify(patterns, results[s].State, mixture) : AttractorKind.Other;
            if (!results[s].Converged) notConverged++;
            energies[s] = results[s].Energy;
        }
        return new AttractorCensus(kinds, energies, notConverged);
    }

    /// <summary>
    /// Stored or inverted when some <c>|m_p| = 1</c>; a mixture when the state equals <c>sgn(σ_a ξ_a + σ_b ξ_b + σ_c ξ_c)</c>
    /// for the three patterns of largest |m| with σ = sgn(m); otherwise other.
    /// </summary>
    internal static AttractorKind Classify(Matrix patterns, ReadOnlySpan<float> state, Span<float> scratch)
    {
        var overlaps = HopfieldAnalysis.Overlaps(patterns, state);
        for (int p = 0; p < overlaps.Length; p++)
        {
            if (overlaps[p] == 1.0) return AttractorKind.Stored;
            if (overlaps[p] == -1.0) return AttractorKind.Inverted;
        }
        if (overlaps.Length < 3) return AttractorKind.Other;
        int[] top = Enumerable.Range(0, overlaps.Length).OrderByDescending(p => Math.Abs(overlaps[p])).ThenBy(p => p).Take(3).ToArray();
        int n = state.Length;
        for (int i = 0; i < n; i++)
        {
            float sum = 0;
            foreach (int p in top) sum += Math.Sign(overlaps[p]) * patterns[p, i];
            scratch[i] = sum > 0 ? 1f : -1f;
        }
        return scratch[..n].SequenceEqual(state) ? AttractorKind.Mixture : AttractorKind.Other;
    }
}
