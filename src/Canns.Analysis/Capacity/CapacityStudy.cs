using Canns.Models;

namespace Canns.Analysis;

/// <summary>
/// Storage-capacity studies: for each point of a grid (N, rule, update mode, noise, load α = P/N) and each trial,
/// store P random ±1 patterns, recall each from a probe with round(noise·N) bits flipped, and measure the final
/// overlap, exact recall and whether the stored patterns are fixed points.
/// </summary>
/// <remarks>
/// <para>A study is a grid of independent cells (<see cref="CapacityCell"/>), each seeded from the master seed and its
/// own coordinates, so the same seed gives the same numbers whatever the thread scheduling, and any subset of cells
/// (a shard) can be run with <see cref="RunCells"/> and the results merged with <see cref="Summarize"/>.</para>
/// <para>Cells run in parallel over the cores; each uses the trainer's batched compiled recall.</para>
/// </remarks>
public static partial class CapacityStudy
{
    /// <summary>The stage name in progress reports.</summary>
    public const string Stage = "capacity";

    /// <summary>Validates the options and lays the study out as points and cells.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (every problem is listed).</exception>
    public static CapacityStudyPlan Plan(CapacityStudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var o = options.Clone();
        var points = new List<CapacityPoint>();
        foreach (int n in o.Neurons)
        foreach (var rule in o.Rules)
        foreach (var mode in o.UpdateModes)
        foreach (double noise in o.NoiseLevels)
        foreach (double load in o.Loads)
        {
            int p = (int)Math.Round(load * n, MidpointRounding.AwayFromZero);
            points.Add(new CapacityPoint(points.Count, n, load, p, noise, Sampling.FlipCount(noise, n), rule, mode));
        }
        var cells = new List<CapacityCell>(points.Count * o.Trials);
        foreach (var point in points)
        {
            for (int t = 0; t < o.Trials; t++)
            {
                int seed = SplitMix64.DeriveSeed(o.Seed, (ulong)point.Neurons, (ulong)point.Patterns, (ulong)BitConverter.DoubleToInt64Bits(point.Noise),
                    (ulong)point.Rule, (ulong)point.UpdateMode, (ulong)t);
                cells.Add(new CapacityCell(point.Index, t, seed));
            }
        }
        return new CapacityStudyPlan(o, points, cells);
    }

    /// <summary>Plans and runs the whole study.</summary>
    /// <param name="options">What to sweep.</param>
    /// <param name="progress">Receives a report after each cell, possibly from several threads; null for none.</param>
    /// <param name="cancellationToken">Stops the study between cells.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; nothing has run.</exception>
    /// <exception cref="ArgumentException">
    /// The rule cannot store a trial's random patterns (the projection rule when they are linearly dependent, which
    /// happens at small N); the message names the trial.
    /// </exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static CapacityStudyResult Run(CapacityStudyOptions options, IProgress<AnalysisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var plan = Plan(options);
        return Summarize(plan, RunCells(plan, plan.Cells, progress, cancellationToken));
    }

    /// <summary>Runs some cells of a plan (all of them, or one shard), in parallel; the results come back in the order of <paramref name="cells"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// A cell does not belong to the plan, or the rule cannot store a cell's random patterns (the projection rule when
    /// they are linearly dependent); the message names the cell.
    /// </exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static IReadOnlyList<CapacityTrialResult> RunCells(CapacityStudyPlan plan, IReadOnlyList<CapacityCell> cells,
        IProgress<AnalysisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(cells);
        foreach (var cell in cells)
        {
            ArgumentNullException.ThrowIfNull(cell, nameof(cells));
            long k = (long)cell.PointIndex * plan.Options.Trials + cell.Trial;
            if ((uint)cell.PointIndex >= (uint)plan.Points.Count || (uint)cell.Trial >= (uint)plan.Options.Trials || plan.Cells[(int)k] != cell)
            {
                throw new ArgumentException($"Cell (point {cell.PointIndex}, trial {cell.Trial}, seed {cell.Seed}) is not part of the plan.", nameof(cells));
            }
        }
        var results = new CapacityTrialResult[cells.Count];
        int done = 0;
        // Largest cells first, so the last ones to finish are short and both cores stay busy to the end.
        int[] order = Enumerable.Range(0, cells.Count)
            .OrderByDescending(i => CapacityStudyOptions.CellBytes(plan.Points[cells[i].PointIndex].Neurons, plan.Points[cells[i].PointIndex].Patterns))
            .ThenBy(i => i).ToArray();
        // A fixed set of workers, each taking the next cell from a shared counter and reusing one workspace (network,
        // trainer, pattern buffers) from cell to cell. Not Parallel.ForEach's thread-local state: its worker tasks end
        // and are replaced every ~100 ms, and each replacement faulted a whole fresh workspace in.
        int workers = Math.Max(1, Math.Min(plan.Options.EffectiveParallelism, order.Length));
        int next = -1;
        bool failed = false;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, workers, parallel, _ =>
            {
                var workspace = new CapacityTrialRunner.Workspace();
                using var scope = Canns.Models.CannsParallelism.EnterLoopBody(workers > 1);
                try
                {
                    for (int k = Interlocked.Increment(ref next); k < order.Length; k = Interlocked.Increment(ref next))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        // Another worker has failed, and its exception is what the study throws: take no more cells (each
                        // worker runs until the cells run out, so Parallel.For alone would let the others finish the study).
                        if (Volatile.Read(ref failed)) return;
                        int i = order[k];
                        var cell = cells[i];
                        results[i] = RunCell(plan.Points[cell.PointIndex], cell, plan.Options.MaxIterations, workspace, cancellationToken);
                        progress?.Report(new AnalysisProgress(Stage, Interlocked.Increment(ref done), cells.Count));
                    }
                }
                catch
                {
                    Volatile.Write(ref failed, true);
                    throw;
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<ArgumentException>().FirstOrDefault() is { } refused)
        {
            // A trial's patterns the rule cannot store: surface the trial's own exception, not the worker threads' wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(refused);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // Any other single failure (a progress handler's, say) as itself, as on one worker.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return results;
    }

    /// <summary>
    /// Runs one cell; a rule's refusal of the cell's random patterns (the projection rule with linearly dependent ones,
    /// which random ±1 patterns are now and then at small N) becomes an <see cref="ArgumentException"/> naming the cell.
    /// </summary>
    private static CapacityTrialResult RunCell(CapacityPoint point, CapacityCell cell, int maxIterations, CapacityTrialRunner.Workspace workspace,
        CancellationToken cancellationToken)
    {
        try
        {
            return CapacityTrialRunner.Run(point, cell, maxIterations, workspace, cancellationToken);
        }
        catch (ArgumentException e)
        {
            string reason = e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            throw new ArgumentException(FormattableString.Invariant(
                $"The study cannot run trial {cell.Trial} of point {point.Index} (N = {point.Neurons}, P = {point.Patterns}, rule {Reports.Text.Name(point.Rule)}, seed {cell.Seed}): {reason}"), e);
        }
    }

    /// <summary>
    /// Merges cell results (from one run or from several shards, in any order) into per-point summaries. Results are
    /// put in plan order first, so the summary does not depend on how the cells were split or ordered.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A cell of the plan is missing or given twice, or a result is not from the plan.</exception>
    public static CapacityStudyResult Summarize(CapacityStudyPlan plan, IEnumerable<CapacityTrialResult> results)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        int trials = plan.Options.Trials;
        var ordered = new CapacityTrialResult?[plan.Cells.Count];
        foreach (var r in results)
        {
            ArgumentNullException.ThrowIfNull(r, nameof(results));
            bool inPlan = (uint)r.PointIndex < (uint)plan.Points.Count && (uint)r.Trial < (uint)trials;
            int k = inPlan ? r.PointIndex * trials + r.Trial : 0;
            if (!inPlan || plan.Cells[k].Seed != r.Seed || r.Patterns != plan.Points[r.PointIndex].Patterns)
            {
                throw new ArgumentException($"Result (point {r.PointIndex}, trial {r.Trial}, seed {r.Seed}, {r.Patterns} patterns) is not from this plan.", nameof(results));
            }
            if (ordered[k] is not null) throw new ArgumentException($"Result (point {r.PointIndex}, trial {r.Trial}) is given twice.", nameof(results));
            ordered[k] = r;
        }
        int missing = Array.FindIndex(ordered, r => r is null);
        if (missing >= 0)
        {
            throw new ArgumentException($"Result (point {missing / trials}, trial {missing % trials}) is missing; {ordered.Count(r => r is null)} cell(s) in all.", nameof(results));
        }
        var all = ordered.Select(r => r!).ToArray();
        var summaries = plan.Points.Select(p => SummarizePoint(p, all.AsSpan(p.Index * trials, trials))).ToArray();
        return new CapacityStudyResult(plan, summaries, all);
    }

    private static CapacityPointSummary SummarizePoint(CapacityPoint point, ReadOnlySpan<CapacityTrialResult> trials)
    {
        double mean = 0, meanSq = 0, min = double.PositiveInfinity, exact = 0, exactSq = 0, fixedPoints = 0, iterations = 0;
        foreach (var t in trials)
        {
            mean += t.MeanOverlap;
            meanSq += t.MeanSquaredOverlap;
            min = Math.Min(min, t.MinOverlap);
            double f = (double)t.ExactRecalls / t.Patterns;
            exact += f;
            exactSq += f * f;
            fixedPoints += (double)t.FixedPoints / t.Patterns;
            iterations += t.MeanIterations;
        }
        int count = trials.Length;
        mean /= count;
        exact /= count;
        return new CapacityPointSummary(point, count, mean, Math.Sqrt(Math.Max(0, meanSq / count - mean * mean)), min,
            exact, Math.Sqrt(Math.Max(0, exactSq / count - exact * exact)), fixedPoints / count, iterations / count);
    }
}
