using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis;

/// <summary>
/// Energy analysis of a Hopfield network or a dense associative memory: energy trajectories during recall, energies
/// of stored patterns against spurious (inverted, 3-mixture) and random states, the basin of attraction of every
/// pattern, and a census of the attractors reached from random starts. All energies are the model's own, threshold
/// term included.
/// </summary>
/// <remarks>
/// Every random draw comes from a seed derived from <see cref="EnergyAnalysisOptions.Seed"/> and the draw's
/// coordinates (stage, pattern, fraction, trial), so results do not depend on thread scheduling.
/// </remarks>
public static partial class EnergyAnalysis
{
    /// <summary>Stage names in progress reports, in the order they run.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["storage", "trajectories", "states", "basins", "census"];

    /// <summary>
    /// Stores <see cref="EnergyAnalysisOptions.Patterns"/> random ±1 patterns by <see cref="EnergyAnalysisOptions.Rule"/>
    /// in a new network of <see cref="EnergyAnalysisOptions.Neurons"/> units (an Amari–Hopfield network, or a
    /// <see cref="DenseAssociativeMemory"/> for the dense rules), then analyses it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (every problem is listed); nothing has run.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static EnergyAnalysisResult Run(EnergyAnalysisOptions? options = null, IProgress<AnalysisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var o = (options ?? new EnergyAnalysisOptions()).Clone();
        o.Validate();
        var (trainer, patterns) = Store(o, progress, cancellationToken);
        return Analyze(trainer, patterns, o, progress, cancellationToken);
    }

    /// <summary>
    /// Analyses the network a trainer is bound to, with the patterns it stored. Recall runs through the trainer's
    /// <c>PredictBatch</c> with <see cref="EnergyAnalysisOptions.MaxIterations"/> and the options' seed; the trainer's
    /// recall and progress settings are restored afterwards. Do not train or predict with the trainer meanwhile.
    /// </summary>
    /// <param name="trainer">A trainer bound to the network.</param>
    /// <param name="patterns">The stored ±1 patterns, one per row.</param>
    /// <param name="options">
    /// The options; Neurons and Patterns are taken from the network and the patterns. Rule is recorded as given (the
    /// trainer does not say which rule stored it), but must be a dense rule exactly when the model is a
    /// <see cref="DenseAssociativeMemory"/>.
    /// </param>
    /// <param name="progress">Receives a report per stage and per batch; null for none.</param>
    /// <param name="cancellationToken">Stops the analysis between batches.</param>
    /// <exception cref="ArgumentNullException"><paramref name="trainer"/> or <paramref name="patterns"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The patterns are empty, of the wrong width, or not all ±1; or the rule is dense and the model is not a dense memory, or the reverse;
    /// or an N × N W holds NaN or ±∞.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static EnergyAnalysisResult Analyze(HopfieldTrainer trainer, Matrix patterns, EnergyAnalysisOptions? options = null,
        IProgress<AnalysisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(patterns);
        var model = trainer.Model;
        if (patterns.Rows == 0 || patterns.Columns != model.Size)
        {
            throw new ArgumentException($"The patterns have shape ({patterns.Rows}, {patterns.Columns}) but need (P ≥ 1, {model.Size}).", nameof(patterns));
        }
        foreach (float x in patterns.AsSpan())
        {
            if (x is not (1f or -1f)) throw new ArgumentException($"The patterns must be ±1; found {x}.", nameof(patterns));
        }
        var o = (options ?? new EnergyAnalysisOptions()).Clone();
        if (StorageRuleNetworks.IsDense(o.Rule) != model is DenseAssociativeMemory)
        {
            throw new ArgumentException($"The options name rule {Reports.Text.Name(o.Rule)} but the trainer's model is a {model.GetType().Name}; " +
                                        "the dense rules go with a DenseAssociativeMemory and the others with an N × N network.", nameof(options));
        }
        o.Neurons = model.Size;
        o.Patterns = patterns.Rows;
        o.Validate();
        if (model is IHopfieldDynamics h)
        {
            o.UpdateMode = h.Dynamics.UpdateMode;
            o.Threshold = h.Dynamics.Threshold;
        }
        else if (model is DenseAssociativeMemory dense)
        {
            o.UpdateMode = dense.UpdateMode;
        }
        return WithRecall(trainer, o, () => AnalyzeStages(trainer, patterns, o, merged: null, progress, cancellationToken));
    }

    /// <summary>
    /// The network <see cref="Run"/> analyses: <see cref="EnergyAnalysisOptions.Patterns"/> random ±1 patterns drawn
    /// from the seed, stored by <see cref="EnergyAnalysisOptions.Rule"/> in a network with the options' update mode,
    /// threshold and seed. Shards and the merge rebuild it the same way.
    /// </summary>
    private static (HopfieldTrainer Trainer, Matrix Patterns) Store(EnergyAnalysisOptions o, IProgress<AnalysisProgress>? progress, CancellationToken ct)
    {
        var random = new SplitMix64((ulong)SplitMix64.DeriveSeed(o.Seed, 1));
        var patterns = Sampling.RandomBipolar(o.Patterns, o.Neurons, ref random);
        var (_, trainer) = StorageRuleNetworks.Create(o.Rule, o.Neurons, o.Patterns, o.UpdateMode, o.Threshold, o.Seed);
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(patterns, ct);
        progress?.Report(new AnalysisProgress("storage", 1, 1));
        return (trainer, patterns);
    }

    /// <summary>Runs <paramref name="analyse"/> with the trainer set up for the analysis, restoring its recall and progress settings afterwards.</summary>
    private static T WithRecall<T>(HopfieldTrainer trainer, EnergyAnalysisOptions o, Func<T> analyse)
    {
        var savedRecall = trainer.Recall;
        bool savedShow = trainer.ShowProgress, savedCompile = trainer.UseCompile;
        try
        {
            trainer.ConfigureProgress(showProgress: false, useCompile: savedCompile);
            trainer.SetRecallOptions(new RecallOptions { MaxIterations = o.MaxIterations, Seed = o.Seed, Tolerance = savedRecall.Tolerance });
            return analyse();
        }
        finally
        {
            trainer.SetRecallOptions(savedRecall);
            trainer.ConfigureProgress(savedShow, savedCompile);
        }
    }

    /// <summary>
    /// Every stage on a set-up trainer. The basins and the census are measured here, unless <paramref name="merged"/>
    /// brings them from the shards of a sharded run.
    /// </summary>
    private static EnergyAnalysisResult AnalyzeStages(HopfieldTrainer trainer, Matrix patterns, EnergyAnalysisOptions o,
        (IReadOnlyList<BasinOfAttraction> Basins, AttractorCensus Census)? merged, IProgress<AnalysisProgress>? progress, CancellationToken ct)
    {
        var model = trainer.Model;
        long version = model.W.Version;
        // Coupling statistics (symmetry, diagonal) mean nothing for a memory matrix, even a square one.
        var weights = model is not DenseAssociativeMemory && model.W.Rows == model.W.Columns ? HopfieldAnalysis.Weights(model.W) : null;
        var patternEnergies = HopfieldAnalysis.Energies(model, patterns);
        var trajectories = RecordTrajectories(trainer, patterns, o, ct);
        progress?.Report(new AnalysisProgress("trajectories", 1, 1));
        var states = ComputeStateEnergies(model, patterns, o);
        progress?.Report(new AnalysisProgress("states", 1, 1));
        IReadOnlyList<BasinOfAttraction> basins;
        AttractorCensus census;
        if (merged is { } m)
        {
            (basins, census) = m;
            progress?.Report(new AnalysisProgress("basins", patterns.Rows, patterns.Rows));
        }
        else
        {
            basins = AssembleBasins(o, MeasureBasinCells(trainer, patterns, o, AllBasinCells(o), progress, ct));
            census = AssembleCensus(RunCensusStarts(trainer, patterns, o, Enumerable.Range(0, o.CensusStarts).ToArray(), ct));
        }
        progress?.Report(new AnalysisProgress("census", 1, 1));
        return new EnergyAnalysisResult(o, weights, patternEnergies, trajectories, states, basins, census, Heatmap(model, o.HeatmapSize), version);
    }

    private static IReadOnlyList<EnergyTrajectory> RecordTrajectories(HopfieldTrainer trainer, Matrix patterns, EnergyAnalysisOptions o, CancellationToken ct)
    {
        int n = patterns.Columns, flips = Sampling.FlipCount(o.TrajectoryNoise, n);
        var probes = new Matrix(o.Trajectories, n);
        var scratch = new int[n];
        var random = new SplitMix64((ulong)SplitMix64.DeriveSeed(o.Seed, 2));
        for (int t = 0; t < o.Trajectories; t++)
        {
            patterns.Row(t % patterns.Rows).CopyTo(probes.Row(t));
            Sampling.FlipExactly(probes.Row(t), flips, ref random, scratch);
        }
        var recall = trainer.Recall;
        recall.RecordEnergyTrace = true;
        trainer.SetRecallOptions(recall);
        try
        {
            var results = trainer.PredictBatch(probes, ct);
            return results.Select((r, t) => new EnergyTrajectory(t % patterns.Rows, flips, r.EnergyTrace ?? [r.Energy],
                HopfieldAnalysis.Overlap(patterns.Row(t % patterns.Rows), r.State))).ToArray();
        }
        finally
        {
            recall.RecordEnergyTrace = false;
            trainer.SetRecallOptions(recall);
        }
    }

    /// <summary>
    /// The top-left block of W, at most <paramref name="maxSize"/> on a side; of a dense memory's P × N memory matrix,
    /// only the rows of the stored memories.
    /// </summary>
    private static WeightHeatmap Heatmap(IRecurrentNetwork model, int maxSize)
    {
        var w = model.W;
        int storedRows = model is DenseAssociativeMemory dense ? dense.MemoryCount : w.Rows;
        int rows = Math.Min(storedRows, maxSize), columns = Math.Min(w.Columns, maxSize);
        var values = new double[rows * columns];
        double maxAbs = 0;
        for (int i = 0; i < rows; i++)
        {
            var row = w.ReadOnlyRow(i);
            for (int j = 0; j < columns; j++)
            {
                values[i * columns + j] = row[j];
                maxAbs = Math.Max(maxAbs, Math.Abs(row[j]));
            }
        }
        return new WeightHeatmap(rows, columns, values, maxAbs);
    }
}
