using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis;

public static partial class EnergyAnalysis
{
    /// <summary>
    /// Recalls from the random starts <paramref name="starts"/> and classifies where each ended. Start s is drawn from
    /// the seed (Seed, 5, s) alone, so its outcome does not depend on which other starts run with it.
    /// </summary>
    private static CensusStartResult[] RunCensusStarts(HopfieldTrainer trainer, Matrix patterns, EnergyAnalysisOptions o, IReadOnlyList<int> starts, CancellationToken ct)
    {
        if (starts.Count == 0) return [];
        int n = patterns.Columns;
        var batch = new Matrix(starts.Count, n);
        for (int i = 0; i < starts.Count; i++)
        {
            var random = new SplitMix64((ulong)SplitMix64.DeriveSeed(o.Seed, 5, (ulong)starts[i]));
            Sampling.RandomBipolar(1, n, ref random).AsSpan().CopyTo(batch.Row(i));
        }
        var results = trainer.PredictBatch(batch, ct);
        var outcomes = new CensusStartResult[results.Count];
        var mixture = new float[n];
        for (int i = 0; i < results.Count; i++)
        {
            var kind = results[i].Converged ? Classify(patterns, results[i].State, mixture) : AttractorKind.Other;
            outcomes[i] = new CensusStartResult(starts[i], kind, results[i].Energy, results[i].Converged);
        }
        return outcomes;
    }

    /// <summary>The census from the outcomes of every start, in start order.</summary>
    private static AttractorCensus AssembleCensus(IReadOnlyList<CensusStartResult> outcomes) =>
        new(outcomes.Select(c => c.Kind).ToArray(), outcomes.Select(c => c.Energy).ToArray(), outcomes.Count(c => !c.Converged));

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
