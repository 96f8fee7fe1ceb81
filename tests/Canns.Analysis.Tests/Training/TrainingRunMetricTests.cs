using System.Globalization;

namespace Canns.Analysis.Tests.Training;

/// <summary>Metrics of the user's own in a <see cref="TrainingRun"/>: columns, the choice of the best checkpoint, exact resume, refusals.</summary>
public class TrainingRunMetricTests : TrainingRunFixture
{
    /// <summary>The mean weight read twice over (once by the run, once here); the first group's rate under its own pattern.</summary>
    private static TrainingRunMetric[] Metrics() =>
    [
        new("mean_w", t => t.Snapshot().MeanWeight),
        new("group_a_hz", t => t.Predict(Patterns().Row(0)).RatesHz.Take(10).Average()),
    ];

    private static TrainingRunOptions Options(string bestBy = "loss", bool highest = false) =>
        new() { Chunks = 8, CheckpointInterval = 3, InputNoise = 0.03f, Seed = 2, Metrics = Metrics(), BestBy = bestBy, BestIsHighest = highest };

    [Test]
    public void Run_WritesEachMetricAsAColumn_WithTheValueItsFunctionGives()
    {
        var result = TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options());
        var lines = File.ReadAllLines(result.MetricsFile);
        Assert.That(lines[0], Does.EndWith(",steps,mean_w,group_a_hz"));
        Assert.That(lines, Has.Length.EqualTo(9));
        foreach (var m in result.Metrics)
        {
            // The metric reads the same snapshot the run's own mean_weight column comes from.
            Assert.That(m.Custom, Has.Count.EqualTo(2));
            Assert.That(m.Custom[0], Is.EqualTo(m.MeanWeight));
            Assert.That(m.Custom[1], Is.GreaterThanOrEqualTo(0));
            string[] fields = lines[m.Chunk].Split(',');
            Assert.That(double.Parse(fields[^1], CultureInfo.InvariantCulture), Is.EqualTo(m.Custom[1]));
        }
        Assert.That(result.Metrics.Select(m => m.Custom[1]).Distinct().Count(), Is.GreaterThan(1), "the metric moves with training, so the columns are not constant");
        string html = File.ReadAllText(result.Report);
        Assert.That(html.Split("<svg").Length - 1, Is.EqualTo(6), "loss, rates, weights, W and one chart per metric");
        Assert.That(html, Does.Contain("group_a_hz"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void BestBy_AMetric_PicksTheChunkWithItsLowestOrHighestValue(bool highest)
    {
        var result = TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options("group_a_hz", highest));
        var values = result.Metrics.Select(m => m.Custom[1]).ToArray();
        double target = highest ? values.Max() : values.Min();
        int expected = Array.IndexOf(values, target) + 1;   // the first of equals
        Assert.That(result.BestChunk, Is.EqualTo(expected));
        Assert.That(result.BestLoss, Is.EqualTo(result.Metrics[expected - 1].Loss));
        var meta = NewTrainer().LoadCheckpoint(result.BestCheckpoint);
        Assert.That(meta["chunk"], Is.EqualTo(expected.ToString(CultureInfo.InvariantCulture)));
        Assert.That(File.ReadAllText(result.Report), Does.Contain($"Best chunk {expected} (by group_a_hz"));
    }

    [Test]
    public void Resume_WithMetrics_AfterACrash_EndsExactlyAsTheUninterruptedRun()
    {
        string straightDir = Path.Combine(_dir, "straight"), crashedDir = Path.Combine(_dir, "crashed");
        var straight = NewTrainer();
        var expected = TrainingRun.Run(straight, Patterns(), straightDir, Options("group_a_hz", highest: true));

        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => TrainingRun.Run(NewTrainer(), Patterns(), crashedDir, Options("group_a_hz", highest: true),
            progress: new SyncProgress<ChunkMetrics>(m => { if (m.Chunk == 5) cts.Cancel(); }), cancellationToken: cts.Token));

        var resumed = NewTrainer();
        var result = TrainingRun.Run(resumed, Patterns(), crashedDir, Options("group_a_hz", highest: true), resume: true);
        Assert.That(result.ResumedFromChunk, Is.EqualTo(3));
        Assert.That(resumed.Model.W.ToArray(), Is.EqualTo(straight.Model.W.ToArray()));
        Assert.That(File.ReadAllBytes(result.MetricsFile), Is.EqualTo(File.ReadAllBytes(expected.MetricsFile)));
        Assert.That(result.Metrics, Is.EqualTo(expected.Metrics));
        Assert.That(result.BestChunk, Is.EqualTo(expected.BestChunk));
    }

    [Test]
    public void Resume_WithOtherMetricsOrAnotherChoiceOfBest_IsRefused()
    {
        TrainingRunOptions Three(TrainingRunMetric[] metrics, string bestBy = "loss") =>
            new() { Chunks = 3, CheckpointInterval = 3, InputNoise = 0.03f, Seed = 2, Metrics = metrics, BestBy = bestBy };
        TrainingRun.Run(NewTrainer(), Patterns(), _dir, Three(Metrics()));
        var e = Assert.Throws<ArgumentException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, Three(Metrics()[..1]), resume: true));
        Assert.That(e!.Message, Does.Contain("other options").And.Contain("metrics: mean_w|group_a_hz → mean_w"));
        Assert.Throws<ArgumentException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, Three(Metrics(), "mean_w"), resume: true));
        Assert.Throws<ArgumentException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, Three([]), resume: true));
        Assert.That(TrainingRun.Run(NewTrainer(), Patterns(), _dir, Three(Metrics()), resume: true).ResumedFromChunk, Is.EqualTo(3));
    }

    [Test]
    public void AMetricThatReturnsNaN_StopsTheRunNamingIt_AndTheFilesAndTheTrainerHoldTheLastFinishedChunk()
    {
        int calls = 0;
        var options = new TrainingRunOptions
        {
            Chunks = 6, CheckpointInterval = 2, InputNoise = 0.03f, Seed = 2,
            // Called for the untrained network (chunk 0), then after chunks 1, 2, 3 and 4: the fifth call fails.
            Metrics = [new("flaky", t => ++calls == 5 ? double.NaN : t.Snapshot().MeanWeight)],
        };
        var failed = NewTrainer();
        var e = Assert.Throws<InvalidOperationException>(() => TrainingRun.Run(failed, Patterns(), _dir, options));
        Assert.That(e!.Message, Does.Contain("'flaky'").And.Contain("NaN").And.Contain("chunk 4"));
        Assert.That(File.ReadAllLines(Path.Combine(_dir, "metrics.csv")), Has.Length.EqualTo(4), "header and chunks 1–3");
        // The trainer is put back where chunk 3 left it (chunk c's noise depends only on (seed, c): a three-chunk run ends there).
        var three = NewTrainer();
        TrainingRun.Run(three, Patterns(), Path.Combine(_dir, "three"), new TrainingRunOptions { Chunks = 3, CheckpointInterval = 2, InputNoise = 0.03f, Seed = 2 });
        Assert.That(failed.Model.W.ToArray(), Is.EqualTo(three.Model.W.ToArray()));
        Assert.That(failed.StepCount, Is.EqualTo(three.StepCount));
        Assert.That(failed.Snapshot(), Is.EqualTo(three.Snapshot()));

        var resumed = TrainingRun.Run(NewTrainer(), Patterns(), _dir, options, resume: true);
        Assert.That(resumed.ResumedFromChunk, Is.EqualTo(2), "the latest checkpoint was written after chunk 2");
        Assert.That(resumed.Metrics.Select(m => m.Chunk), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }));
    }

    [Test]
    public void OptionsChangedDuringTheRun_TheRunKeepsTheOptionsItValidated()
    {
        var metrics = new List<TrainingRunMetric> { new("mean_w", t => t.Snapshot().MeanWeight) };
        var options = new TrainingRunOptions { Chunks = 4, CheckpointInterval = 2, InputNoise = 0.03f, Seed = 2, Metrics = metrics };
        var result = TrainingRun.Run(NewTrainer(), Patterns(), _dir, options, progress: new SyncProgress<ChunkMetrics>(m =>
        {
            if (m.Chunk != 1) return;
            metrics.Add(new TrainingRunMetric("late", _ => 1));
            options.Chunks = 6;
            options.BestIsHighest = true;
        }));

        Assert.That(result.Metrics, Has.Count.EqualTo(4));
        Assert.That(result.Metrics.Select(m => m.Custom.Count), Is.All.EqualTo(1));
        Assert.That(File.ReadAllLines(result.MetricsFile).Select(l => l.Split(',').Length), Is.All.EqualTo(10), "every row as wide as the header");
        Assert.That(result.BestLoss, Is.EqualTo(result.Metrics.Min(m => m.Loss)), "lowest is best, as validated");
        var again = new TrainingRunOptions { Chunks = 4, CheckpointInterval = 2, InputNoise = 0.03f, Seed = 2, Metrics = [metrics[0]] };
        Assert.That(TrainingRun.Run(NewTrainer(), Patterns(), _dir, again, resume: true).ResumedFromChunk, Is.EqualTo(4));
    }

    [Test]
    public void AMetricThatFailsOnTheUntrainedNetwork_LeavesTheFoldersPreviousRunWhole()
    {
        TrainingRun.Run(NewTrainer(), Patterns(), _dir, new TrainingRunOptions { Chunks = 2, CheckpointInterval = 1, InputNoise = 0.03f, Seed = 2 });
        string metrics = File.ReadAllText(Path.Combine(_dir, "metrics.csv"));
        var failing = new TrainingRunOptions { Chunks = 2, Metrics = [new("broken", _ => double.NaN)] };
        Assert.Throws<InvalidOperationException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, failing));
        Assert.That(Directory.Exists(Path.Combine(_dir, "checkpoints", "latest")), Is.True, "the previous run's checkpoints are still there");
        Assert.That(File.ReadAllText(Path.Combine(_dir, "metrics.csv")), Is.EqualTo(metrics));
        Assert.That(TrainingRun.Run(NewTrainer(), Patterns(), _dir, new TrainingRunOptions { Chunks = 2, CheckpointInterval = 1, InputNoise = 0.03f, Seed = 2 },
            resume: true).ResumedFromChunk, Is.EqualTo(2), "and it still resumes");
    }

    [TestCase("")]
    [TestCase("1st")]
    [TestCase("rate hz")]
    [TestCase("a,b")]
    [TestCase("loss")]
    [TestCase("steps")]
    public void Metric_BadName_IsRefusedNamingIt(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingRunMetric(name, _ => 0));
        Assert.That(e!.Message, Does.Contain($"'{name}'"));
    }

    [Test]
    public void Options_RepeatedMetricOrUnknownBestBy_AreRefusedTogether()
    {
        var options = new TrainingRunOptions { Metrics = [new("a", _ => 0), new("a", _ => 1)], BestBy = "accuracy" };
        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.That(e!.Message, Does.Contain("'a' 2 times").And.Contain("BestBy ('accuracy')"));
        Assert.Throws<ArgumentNullException>(() => new TrainingRunMetric("a", null!));
    }

    [Test]
    public void Describe_WithoutMetrics_IsUnchanged_SoOlderRunsStillResume()
    {
        Assert.That(new TrainingRunOptions().Describe(), Is.EqualTo("chunks=100;checkpointInterval=10;inputNoise=0.02;seed=0;targetRateHz=10;silentPenalty=0.1"));
        Assert.That(new TrainingRunOptions { Metrics = Metrics(), BestBy = "mean_w", BestIsHighest = true }.Describe(),
            Does.EndWith(";metrics=mean_w|group_a_hz;bestBy=mean_w;bestIsHighest=true"));
    }
}
