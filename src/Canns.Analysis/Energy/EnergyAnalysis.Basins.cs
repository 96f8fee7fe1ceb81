using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis;

public static partial class EnergyAnalysis
{
    /// <summary>The flip fractions tried for basins: <c>k · BasinStep</c> for k = 0 … fractions − 1, rounded to 12 decimals.</summary>
    private static double[] FlipFractions(EnergyAnalysisOptions o) =>
        Enumerable.Range(0, o.BasinFractions).Select(k => Math.Round(k * o.BasinStep, 12)).ToArray();

    /// <summary>Every basin cell, by pattern, then flip fraction.</summary>
    private static (int Pattern, int Fraction)[] AllBasinCells(EnergyAnalysisOptions o)
    {
        int fractions = o.BasinFractions;
        return Enumerable.Range(0, o.Patterns).SelectMany(q => Enumerable.Range(0, fractions).Select(k => (q, k))).ToArray();
    }

    /// <summary>
    /// Recalls the <see cref="EnergyAnalysisOptions.BasinTrials"/> probes of every cell in <paramref name="cells"/>
    /// (ordered by pattern, then fraction) and counts the exact recalls. Probe t of pattern q at fraction k has exactly
    /// round(f_k · N) bits flipped, chosen from the seed (Seed, 4, q, k, t), so a cell's count does not depend on which
    /// other cells run with it.
    /// </summary>
    private static BasinCellResult[] MeasureBasinCells(HopfieldTrainer trainer, Matrix patterns, EnergyAnalysisOptions o,
        IReadOnlyList<(int Pattern, int Fraction)> cells, IProgress<AnalysisProgress>? progress, CancellationToken ct)
    {
        int n = patterns.Columns, trials = o.BasinTrials;
        var fractionValues = FlipFractions(o);
        var scratch = new int[n];
        var results = new List<BasinCellResult>(cells.Count);
        // One batch per pattern keeps memory at fractions × trials probes and gives a progress report per pattern.
        var groups = cells.GroupBy(c => c.Pattern).ToArray();
        Matrix? probes = null;
        // Basins read states only: no fresh product at the end of each recall for its energy.
        var recall = trainer.Recall;
        bool finalEnergy = recall.FinalEnergy;
        recall.FinalEnergy = false;
        trainer.SetRecallOptions(recall);
        try
        {
            for (int g = 0; g < groups.Length; g++)
            {
                int q = groups[g].Key;
                int[] fractions = groups[g].Select(c => c.Fraction).ToArray();
                if (probes is null || probes.Rows != fractions.Length * trials) probes = new Matrix(fractions.Length * trials, n);
                for (int i = 0; i < fractions.Length; i++)
                {
                    int k = fractions[i], flips = Sampling.FlipCount(fractionValues[k], n);
                    for (int t = 0; t < trials; t++)
                    {
                        var row = probes.Row(i * trials + t);
                        patterns.Row(q).CopyTo(row);
                        var random = new SplitMix64((ulong)SplitMix64.DeriveSeed(o.Seed, 4, (ulong)q, (ulong)k, (ulong)t));
                        Sampling.FlipExactly(row, flips, ref random, scratch);
                    }
                }
                var recalled = trainer.PredictBatch(probes, ct);
                var successes = new int[fractions.Length];
                for (int r = 0; r < recalled.Count; r++)
                {
                    if (recalled[r].State.AsSpan().SequenceEqual(patterns.Row(q))) successes[r / trials]++;
                }
                for (int i = 0; i < fractions.Length; i++) results.Add(new BasinCellResult(q, fractions[i], successes[i]));
                progress?.Report(new AnalysisProgress("basins", g + 1, groups.Length));
            }
        }
        finally
        {
            recall.FinalEnergy = finalEnergy;
            trainer.SetRecallOptions(recall);
        }
        return results.ToArray();
    }

    /// <summary>The basin of every pattern from the counts of all its cells (each cell given exactly once).</summary>
    private static BasinOfAttraction[] AssembleBasins(EnergyAnalysisOptions o, IEnumerable<BasinCellResult> cells)
    {
        int p = o.Patterns, fractions = o.BasinFractions, trials = o.BasinTrials;
        var fractionValues = FlipFractions(o);
        var successes = new int[p, fractions];
        foreach (var c in cells) successes[c.Pattern, c.FractionIndex] = c.Successes;
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
