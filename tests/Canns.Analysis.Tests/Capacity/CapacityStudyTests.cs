using Canns.Models;

namespace Canns.Analysis.Tests.Capacity;

public class CapacityStudyTests
{
    private static CapacityStudyOptions Small(int seed = 7) => new()
    {
        Neurons = [100], Loads = [0.05, 0.1, 0.2], Trials = 3, Seed = seed,
    };

    [Test]
    public void Run_N500_ExactRecallHighAtLowLoadAndLowAboveCapacity()
    {
        var result = CapacityStudy.Run(new CapacityStudyOptions { Loads = [0.05, 0.25], Trials = 10 });
        Assert.That(result.Points[0].ExactRecallFraction, Is.GreaterThanOrEqualTo(0.95));
        Assert.That(result.Points[1].ExactRecallFraction, Is.LessThanOrEqualTo(0.2));
        Assert.That(result.Points[0].MeanOverlap, Is.GreaterThan(result.Points[1].MeanOverlap));
    }

    [Test]
    public void Run_SameSeed_SameResultsWhateverTheParallelism()
    {
        var serial = Small();
        serial.MaxDegreeOfParallelism = 1;
        var parallel = Small();
        parallel.MaxDegreeOfParallelism = 2;
        Assert.That(CapacityStudy.Run(parallel).Trials, Is.EqualTo(CapacityStudy.Run(serial).Trials));
    }

    [Test]
    public void RunCells_WorkspacesReusedAcrossShapesAndModes_EachCellEqualsItsRunAlone()
    {
        // One worker runs every cell on one reused network, trainer and pattern buffers, through sizes, loads and both
        // update modes; each result must equal the cell run on its own (a fresh workspace).
        var plan = CapacityStudy.Plan(new CapacityStudyOptions
        {
            Neurons = [60, 90], Loads = [0.05, 0.15], UpdateModes = [UpdateMode.Synchronous, UpdateMode.Asynchronous],
            Trials = 2, Seed = 5, MaxDegreeOfParallelism = 1,
        });
        var together = CapacityStudy.RunCells(plan, plan.Cells);
        for (int k = 0; k < plan.Cells.Count; k++)
        {
            Assert.That(CapacityStudy.RunCells(plan, [plan.Cells[k]])[0], Is.EqualTo(together[k]), $"cell {k}");
        }
    }

    [Test]
    public void Run_HigherCapacityRules_KeepTheirPatternsWhereHebbFails()
    {
        // α = 0.25 at N = 120: past Hebb's 0.14, within Storkey's N/√(2 ln N) ≈ 0.23–0.26 N region, and far below the
        // projection rule's N − 1.
        var result = CapacityStudy.Run(new CapacityStudyOptions
        {
            Neurons = [120], Loads = [0.25], Trials = 3, Seed = 3,
            Rules = [StorageRule.Hebbian, StorageRule.Storkey, StorageRule.PseudoInverse],
        });
        var byRule = result.Points.ToDictionary(p => p.Point.Rule);
        Assert.That(byRule[StorageRule.PseudoInverse].FixedPointFraction, Is.EqualTo(1.0), "every pattern is a fixed point of the projector");
        Assert.That(byRule[StorageRule.Storkey].FixedPointFraction, Is.GreaterThan(byRule[StorageRule.Hebbian].FixedPointFraction + 0.3));
        Assert.That(byRule[StorageRule.PseudoInverse].MeanOverlap, Is.GreaterThan(byRule[StorageRule.Hebbian].MeanOverlap));
    }

    [Test]
    public void Run_DenseMemories_HoldLoadsAboveOne()
    {
        // α = 1.5 at N = 80: 120 patterns, within the cubic memory's N²/(6 ln N) ≈ 243 and far beyond Hebb's 0.14 N.
        var result = CapacityStudy.Run(new CapacityStudyOptions
        {
            Neurons = [80], Loads = [1.5], Trials = 2, Seed = 5,
            Rules = [StorageRule.Hebbian, StorageRule.DenseCubic, StorageRule.DenseExponential],
        });
        var byRule = result.Points.ToDictionary(p => p.Point.Rule);
        Assert.That(byRule[StorageRule.DenseCubic].FixedPointFraction, Is.EqualTo(1.0));
        Assert.That(byRule[StorageRule.DenseExponential].FixedPointFraction, Is.EqualTo(1.0));
        Assert.That(byRule[StorageRule.DenseCubic].ExactRecallFraction, Is.GreaterThan(0.9), "recall from 10 % noise");
        Assert.That(byRule[StorageRule.Hebbian].FixedPointFraction, Is.LessThan(0.05));
    }

    [Test]
    public void Options_PseudoInverseAtLoadOne_RejectedNamingTheLimit()
    {
        var options = new CapacityStudyOptions { Neurons = [50], Loads = [0.5, 1.0], Rules = [StorageRule.PseudoInverse] };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.That(ex!.Message, Does.Contain("Load 1 at N = 50 gives P = 50 patterns; the pseudo-inverse rule stores at most N − 1 = 49"));
    }

    [Test]
    public void Run_ProjectionRuleDrawsLinearlyDependentPatterns_ThrowsArgumentExceptionNamingTheCell()
    {
        // At N = 3 two random ±1 patterns are equal or opposite in a quarter of the trials: the projection rule
        // cannot store them. The study must say so plainly, not as an AggregateException from its worker threads.
        var options = new CapacityStudyOptions
        {
            Neurons = [3], Loads = [0.67], Rules = [StorageRule.PseudoInverse], Trials = 20, MaxDegreeOfParallelism = 2,
        };
        var ex = Assert.Throws<ArgumentException>(() => CapacityStudy.Run(options));
        Assert.That(ex!.Message, Does.Contain("linearly independent").And.Match(@"trial \d+ of point 0"));
    }

    [Test]
    public void Run_DifferentSeeds_DifferentTrials()
    {
        Assert.That(CapacityStudy.Run(Small(1)).Trials, Is.Not.EqualTo(CapacityStudy.Run(Small(2)).Trials));
    }

    [Test]
    public void RunCells_TwoShardsMerged_EqualTheUnshardedRun()
    {
        var plan = CapacityStudy.Plan(Small());
        var whole = CapacityStudy.Summarize(plan, CapacityStudy.RunCells(plan, plan.Cells));
        var even = CapacityStudy.RunCells(plan, plan.Cells.Where((_, k) => k % 2 == 0).ToArray());
        var odd = CapacityStudy.RunCells(plan, plan.Cells.Where((_, k) => k % 2 == 1).ToArray());
        var merged = CapacityStudy.Summarize(plan, odd.Concat(even));
        Assert.That(merged.Trials, Is.EqualTo(whole.Trials));
        Assert.That(merged.Points, Is.EqualTo(whole.Points));
    }

    [Test]
    public void Plan_CellSeeds_DependOnCoordinatesNotOnTheRestOfTheGrid()
    {
        var one = CapacityStudy.Plan(new CapacityStudyOptions { Neurons = [100], Loads = [0.1], Trials = 2 });
        var more = CapacityStudy.Plan(new CapacityStudyOptions { Neurons = [100], Loads = [0.05, 0.1], Trials = 2 });
        Assert.That(more.Cells.Where(c => c.PointIndex == 1).Select(c => c.Seed), Is.EqualTo(one.Cells.Select(c => c.Seed)));
        Assert.That(more.Cells.Select(c => c.Seed).Distinct().Count(), Is.EqualTo(4));
    }

    [Test]
    public void Summarize_MissingCell_ThrowsNamingIt()
    {
        var plan = CapacityStudy.Plan(Small());
        var results = CapacityStudy.RunCells(plan, plan.Cells.Skip(1).ToArray());
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Summarize(plan, results));
        Assert.That(e!.Message, Does.Contain("point 0, trial 0"));
    }

    [Test]
    public void Summarize_DuplicateCell_Throws()
    {
        var plan = CapacityStudy.Plan(Small());
        var results = CapacityStudy.RunCells(plan, plan.Cells);
        Assert.Throws<ArgumentException>(() => CapacityStudy.Summarize(plan, results.Append(results[0])));
    }

    [Test]
    public void Run_AntiHebbianControl_RecallsAlmostNothing()
    {
        var options = Small();
        options.Rules = [StorageRule.AntiHebbian];
        options.Loads = [0.05];
        var point = CapacityStudy.Run(options).Points[0];
        Assert.That(point.ExactRecallFraction, Is.LessThanOrEqualTo(0.05));
        Assert.That(point.FixedPointFraction, Is.EqualTo(0.0));
    }

    [Test]
    public void Run_AsynchronousUpdates_RecallAtLowLoad()
    {
        var options = Small();
        options.UpdateModes = [UpdateMode.Asynchronous];
        options.Loads = [0.05];
        Assert.That(CapacityStudy.Run(options).Points[0].ExactRecallFraction, Is.GreaterThanOrEqualTo(0.9));
    }

    [Test]
    public void Run_Progress_ReportsEveryCell()
    {
        var reports = new List<AnalysisProgress>();
        var sink = new SyncProgress(reports);
        var options = Small();
        CapacityStudy.Run(options, sink);
        Assert.That(reports, Has.Count.EqualTo(9));
        Assert.That(reports.Max(r => r.Completed), Is.EqualTo(9));
        Assert.That(reports.Select(r => r.Total).Distinct(), Is.EqualTo(new long[] { 9 }));
    }

    [Test]
    public void Run_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => CapacityStudy.Run(Small(), cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    /// <summary>Many small cells on two workers, with a progress handler that throws on its first call and counts the calls.</summary>
    private static (Exception? Error, int Calls, int Cells) RunWithFailingHandler()
    {
        var plan = CapacityStudy.Plan(new CapacityStudyOptions { Neurons = [200], Loads = [0.05, 0.1], Trials = 30, Seed = 4, MaxDegreeOfParallelism = 2 });
        int calls = 0;
        var handler = new Canns.Testing.SyncProgress<AnalysisProgress>(_ =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("handler");
        });
        Exception? error = null;
        try
        {
            CapacityStudy.RunCells(plan, plan.Cells, handler);
        }
        catch (Exception e)
        {
            error = e;
        }
        return (error, calls, plan.Cells.Count);
    }

    [Test]
    public void RunCells_ProgressHandlerThrowsOnAWorker_ThrowsItsExceptionAsItself()
    {
        var (error, _, _) = RunWithFailingHandler();
        Assert.That(error, Is.InstanceOf<InvalidOperationException>().With.Message.EqualTo("handler"));
    }

    [Test]
    public void RunCells_OneWorkerFails_TheOthersTakeNoMoreCells()
    {
        // Each worker takes cells until none is left; after one failed, the other used to run the rest of the study
        // (reporting every cell) before the exception came out.
        var (_, calls, cells) = RunWithFailingHandler();
        Assert.That(calls, Is.LessThanOrEqualTo(4), $"reports of {cells} cells");
    }

    [Test]
    [NonParallelizable]
    public void RunCells_DefaultParallelismWithMaxDegreeOne_RunsEveryCellOnTheCallingThread()
    {
        // CannsParallelism.MaxDegree is the one setting of the cores the libraries use; the study's default (−1) took
        // one worker per core whatever it said.
        var plan = CapacityStudy.Plan(new CapacityStudyOptions { Neurons = [200], Loads = [0.05, 0.1], Trials = 10, Seed = 4 });
        int caller = Environment.CurrentManagedThreadId, elsewhere = 0;
        var handler = new Canns.Testing.SyncProgress<AnalysisProgress>(_ =>
        {
            if (Environment.CurrentManagedThreadId != caller) Interlocked.Increment(ref elsewhere);
        });
        CannsParallelism.MaxDegree = 1;
        try
        {
            CapacityStudy.RunCells(plan, plan.Cells, handler);
        }
        finally
        {
            CannsParallelism.MaxDegree = Environment.ProcessorCount;
        }
        Assert.That(elsewhere, Is.Zero);
    }

    [Test]
    [NonParallelizable]
    public void RunCells_ExplicitParallelismAboveMaxDegreeOne_RunsEveryCellOnTheCallingThread()
    {
        // An explicit MaxDegreeOfParallelism of 4 was honoured as given, past the global cap of 1: cells ran on other
        // threads. The cap wins; the results are those of the serial study.
        var options = new CapacityStudyOptions { Neurons = [200], Loads = [0.05, 0.1], Trials = 10, Seed = 4, MaxDegreeOfParallelism = 4 };
        var plan = CapacityStudy.Plan(options);
        var serial = CapacityStudy.RunCells(CapacityStudy.Plan(new CapacityStudyOptions
        {
            Neurons = [200], Loads = [0.05, 0.1], Trials = 10, Seed = 4, MaxDegreeOfParallelism = 1,
        }), plan.Cells);
        int caller = Environment.CurrentManagedThreadId, elsewhere = 0;
        var handler = new Canns.Testing.SyncProgress<AnalysisProgress>(_ =>
        {
            if (Environment.CurrentManagedThreadId != caller) Interlocked.Increment(ref elsewhere);
        });
        IReadOnlyList<CapacityTrialResult> capped;
        CannsParallelism.MaxDegree = 1;
        try
        {
            capped = CapacityStudy.RunCells(plan, plan.Cells, handler);
        }
        finally
        {
            CannsParallelism.MaxDegree = Environment.ProcessorCount;
        }
        Assert.That(elsewhere, Is.Zero);
        Assert.That(capped, Is.EqualTo(serial));
    }

    private sealed class SyncProgress(List<AnalysisProgress> reports) : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
