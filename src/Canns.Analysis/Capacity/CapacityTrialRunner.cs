using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis;

/// <summary>Runs one cell of a capacity study: store, check fixed points, recall from noisy probes, measure.</summary>
internal static class CapacityTrialRunner
{
    public static CapacityTrialResult Run(CapacityPoint point, CapacityCell cell, int maxIterations, CancellationToken cancellationToken)
    {
        int n = point.Neurons, p = point.Patterns;
        var random = new SplitMix64((ulong)cell.Seed);
        var patterns = Sampling.RandomBipolar(p, n, ref random);
        var network = new AmariHopfieldNetwork(n, new AmariHopfieldOptions { UpdateMode = point.UpdateMode, Seed = cell.Seed });
        var trainer = CreateTrainer(network, point.Rule);
        trainer.ConfigureProgress(showProgress: false, useCompile: true);
        trainer.Train(patterns, cancellationToken);

        // A state is a fixed point exactly when one sweep changes nothing, in either update mode.
        trainer.SetRecallOptions(new RecallOptions { MaxIterations = 1, Seed = cell.Seed });
        int fixedPoints = trainer.PredictBatch(patterns, cancellationToken).Count(r => r.Converged);

        var probes = patterns.Clone();
        var scratch = new int[n];
        for (int r = 0; r < p; r++) Sampling.FlipExactly(probes.Row(r), point.FlippedBits, ref random, scratch);
        trainer.SetRecallOptions(new RecallOptions { MaxIterations = maxIterations, Seed = cell.Seed });
        var results = trainer.PredictBatch(probes, cancellationToken);

        double sum = 0, sumSq = 0, min = double.PositiveInfinity, iterations = 0;
        int exact = 0;
        for (int r = 0; r < p; r++)
        {
            double m = HopfieldAnalysis.Overlap(patterns.Row(r), results[r].State);
            sum += m;
            sumSq += m * m;
            min = Math.Min(min, m);
            if (m == 1.0 && results[r].Converged) exact++;
            iterations += results[r].Iterations;
        }
        return new CapacityTrialResult(point.Index, cell.Trial, cell.Seed, p, sum / p, sumSq / p, min, exact, fixedPoints, iterations / p);
    }

    public static HebbianTrainer CreateTrainer(AmariHopfieldNetwork network, StorageRule rule) => rule switch
    {
        StorageRule.Hebbian => new HebbianTrainer(network),
        StorageRule.HebbianUncentered => new HebbianTrainer(network, new HebbianOptions { SubtractMean = false }),
        StorageRule.AntiHebbian => new AntiHebbianTrainer(network),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown storage rule."),
    };
}
