using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis;

public static partial class EnergyAnalysis
{
    private static IReadOnlyList<BasinOfAttraction> MeasureBasins(HopfieldTrainer trainer, Matrix patterns, EnergyAnalysisOptions o,
        IProgress<AnalysisProgress>? progress, CancellationToken ct)
    {
        int n = patterns.Columns, p = patterns.Rows, fractions = o.BasinFractions, trials = o.BasinTrials;
        var fractionValues = Enumerable.Range(0, fractions).Select(k => Math.Round(k * o.BasinStep, 12)).ToArray();
        var successes = new int[p, fractions];
        var scratch = new int[n];
        // One batch per pattern keeps memory at fractions × trials probes and gives a progress report per pattern.
        var probes = new Matrix(fractions * trials, n);
        for (int q = 0; q < p; q++)
        {
            for (int k = 0; k < fractions; k++)
            {
                int flips = Sampling.FlipCount(fractionValues[k], n);
                for (int t = 0; t < trials; t++)
                {
                    var row = probes.Row(k * trials + t);
                    patterns.Row(q).CopyTo(row);
                    var random = new SplitMix64((ulong)SplitMix64.DeriveSeed(o.Seed, 4, (ulong)q, (ulong)k, (ulong)t));
                    Sampling.FlipExactly(row, flips, ref random, scratch);
                }
            }
            var results = trainer.PredictBatch(probes, ct);
            for (int r = 0; r < results.Count; r++)
            {
                if (results[r].State.AsSpan().SequenceEqual(patterns.Row(q))) successes[q, r / trials]++;
            }
            progress?.Report(new AnalysisProgress("basins", q + 1, p));
        }
        var basins = new BasinOfAttraction[p];
        for (int q = 0; q < p; q++)
        {
            var rates = new double[fractions];
            double radius = 0;
            bool inside = true;
            for (int k = 0; k < fractions; k++)
            {
                rates[k] = (double)successes[q, k] / trials;
                inside &= rates[k] >= o.BasinSuccessRate;
                if (inside) radius = fractionValues[k];
            }
            basins[q] = new BasinOfAttraction(q, radius, fractionValues, rates);
        }
        return basins;
    }
}
