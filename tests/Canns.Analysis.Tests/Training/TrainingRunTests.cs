using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis.Tests.Training;

/// <summary>A fresh folder per test, and the small network and patterns the training-run tests share.</summary>
public abstract class TrainingRunFixture
{
    private protected string _dir = null!;

    [SetUp]
    public void MakeFolder() => _dir = Path.Combine(Path.GetTempPath(), $"canns-run-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// Sixty neurons, ten of them driven over threshold by each pattern; the rest fire only through recurrent excitation,
    /// far above 10 Hz with the initial weights. Homeostatic scaling toward 10 Hz, a weak Hebbian rule.
    /// </summary>
    private protected static PlasticityTrainer NewTrainer()
    {
        var net = new RecurrentSpikingNetwork(60, new RecurrentSpikingOptions { ConnectionProbability = 0.2f, InitialWeightScale = 0.5f, Seed = 21 });
        var trainer = new PlasticityTrainer(net, new PlasticityOptions
        {
            LearningRate = 0.002f, WeightDecay = 0, StepsPerPattern = 200, Interval = 9,
            Homeostasis = new HomeostasisOptions { TargetRateHz = 10, Interval = 100, ScalingRate = 0.02f },
        });
        trainer.ConfigureProgress(false);
        return trainer;
    }

    /// <summary>Each neuron's rate averaged over the two patterns, by hand: what the run's evaluation computes (Predict restores the state).</summary>
    private protected static double[] MeanRates(PlasticityTrainer trainer)
    {
        var rates = new double[60];
        for (int p = 0; p < 2; p++)
        {
            var response = trainer.Predict(Patterns().Row(p));
            for (int i = 0; i < 60; i++) rates[i] += response.RatesHz[i] / 2;
        }
        return rates;
    }

    /// <summary>Two patterns: the first drives neurons 0–9, the second neurons 10–19.</summary>
    private protected static Matrix Patterns()
    {
        var m = new Matrix(2, 60);
        for (int i = 0; i < 60; i++)
        {
            m[0, i] = i < 10 ? 0.15f : 0.05f;
            m[1, i] = i is >= 10 and < 20 ? 0.15f : 0.05f;
        }
        return m;
    }
}

public class TrainingRunTests : TrainingRunFixture
{
    private static readonly TrainingRunOptions Options = new() { Chunks = 9, CheckpointInterval = 3, InputNoise = 0.03f, Seed = 4, TargetRateHz = 10 };

    [Test]
    public void Resume_AfterACrashMidChunk_EndsExactlyAsTheUninterruptedRun()
    {
        string straightDir = Path.Combine(_dir, "straight"), crashedDir = Path.Combine(_dir, "crashed");
        var straight = NewTrainer();
        var expected = TrainingRun.Run(straight, Patterns(), straightDir, Options);

        // Stop during chunk 5: the latest checkpoint holds chunk 3 and the metrics file four rows.
        using var cts = new CancellationTokenSource();
        var crashed = NewTrainer();
        Assert.Throws<OperationCanceledException>(() =>
            TrainingRun.Run(crashed, Patterns(), crashedDir, Options, progress: new SyncProgress<ChunkMetrics>(m => { if (m.Chunk == 4) cts.Cancel(); }), cancellationToken: cts.Token));
        Assert.That(File.ReadAllLines(Path.Combine(crashedDir, "metrics.csv")), Has.Length.EqualTo(5));

        var resumed = NewTrainer();
        var result = TrainingRun.Run(resumed, Patterns(), crashedDir, Options, resume: true);
        Assert.That(result.ResumedFromChunk, Is.EqualTo(3));
        Assert.That(resumed.Model.W.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(straight.Model.W.ToArray().Select(BitConverter.SingleToInt32Bits)));
        Assert.That(resumed.Snapshot(), Is.EqualTo(straight.Snapshot()));
        Assert.That(File.ReadAllBytes(result.MetricsFile), Is.EqualTo(File.ReadAllBytes(expected.MetricsFile)));
        Assert.That(result.Metrics, Is.EqualTo(expected.Metrics));
        Assert.That((result.BestChunk, result.BestLoss), Is.EqualTo((expected.BestChunk, expected.BestLoss)));
    }

    [Test]
    public void Resume_RewritingTheMetrics_ReplacesTheFileInsteadOfTruncatingIt()
    {
        // A resume rewrites metrics.csv up to its checkpoint. Truncated in place, a resume stopped during that write
        // would lose the rows the checkpoint needs; moved into place, the previous file stays whole until the new one is.
        // A handle opened on the previous file shows which: it keeps the old text only if the file was replaced.
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() =>
            TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options, progress: new SyncProgress<ChunkMetrics>(m => { if (m.Chunk == 4) cts.Cancel(); }), cancellationToken: cts.Token));
        string metrics = Path.Combine(_dir, "metrics.csv");
        byte[] before = File.ReadAllBytes(metrics);
        using var previous = new FileStream(metrics, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options, resume: true);

        var seen = new MemoryStream();
        previous.CopyTo(seen);
        Assert.That(seen.ToArray(), Is.EqualTo(before), "the previous metrics file was not rewritten in place");
        Assert.That(File.ReadAllLines(metrics), Has.Length.EqualTo(10), "header and chunks 1–9");
        Assert.That(Directory.GetFiles(_dir, "*.tmp"), Is.Empty);
    }

    [Test]
    public void Run_Homeostasis_LowersTheLossTowardTheTarget()
    {
        var result = TrainingRun.Run(NewTrainer(), Patterns(), _dir, new TrainingRunOptions { Chunks = 30, CheckpointInterval = 10, Seed = 1 });
        var first = result.Metrics[0];
        var tail = result.Metrics.Skip(20).ToArray();
        // The twenty driven neurons keep firing near 75 Hz whatever W is (a floor of about 2.4 on the loss); the forty
        // recurrently driven ones are what scaling can bring down.
        Assert.That(first.MeanRateHz, Is.GreaterThan(40), "the network must start far above 10 Hz");
        Assert.That(tail.Average(m => m.Loss), Is.LessThan(first.Loss / 3), "the loss falls by a factor of three");
        Assert.That(tail.Average(m => m.MeanRateHz), Is.LessThan(25), "the mean rate comes down toward the target");
        Assert.That(result.BestLoss, Is.EqualTo(result.Metrics.Min(m => m.Loss)));
        Assert.That(result.Metrics[result.BestChunk - 1].Loss, Is.EqualTo(result.BestLoss));
    }

    [Test]
    public void Run_WritesAReportWithItsCharts()
    {
        var result = TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options);
        string html = File.ReadAllText(result.Report);
        Assert.That(result.Report, Is.EqualTo(Path.Combine(_dir, "report.html")));
        Assert.That(html, Does.Contain("Training run toward a target rate").And.Contain($"Best chunk {result.BestChunk}"));
        Assert.That(html.Split("<svg").Length - 1, Is.EqualTo(4), "loss, rates, weights over the chunks, and W");
        Assert.That(html, Does.Contain("Weights W (top-left 60 × 60 block, after chunk 9)"));
        Assert.That(html, Does.Not.Contain("Eligibility traces"), "no selective plasticity, no traces");
    }

    [Test]
    public void BestCheckpoint_HoldsTheBestChunksNetwork()
    {
        var result = TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options);
        var restored = NewTrainer();
        var meta = restored.LoadCheckpoint(result.BestCheckpoint);
        Assert.That(meta["chunk"], Is.EqualTo(result.BestChunk.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(restored.Snapshot().MeanWeight, Is.EqualTo(result.Metrics[result.BestChunk - 1].MeanWeight));
        Assert.That(restored.StepCount, Is.EqualTo(result.Metrics[result.BestChunk - 1].Steps));
    }

    [Test]
    public void Resume_WithoutCheckpoint_StartsFresh_AndWithOtherOptionsIsRefused()
    {
        var result = TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options, resume: true);
        Assert.That(result.ResumedFromChunk, Is.EqualTo(0));
        Assert.That(result.Metrics, Has.Count.EqualTo(9));
        var other = new TrainingRunOptions { Chunks = 12, CheckpointInterval = 3, InputNoise = 0.03f, Seed = 4 };
        var e = Assert.Throws<ArgumentException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, other, resume: true));
        Assert.That(e!.Message, Does.Contain("other options").And.Contain("chunks: 9 → 12"));
        var finished = TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options, resume: true);
        Assert.That(finished.ResumedFromChunk, Is.EqualTo(9), "a finished run has nothing left to do");
        Assert.That(finished.Metrics, Is.EqualTo(result.Metrics));
    }

    [Test]
    public void Resume_CorruptedMetrics_ThrowsNamingTheLine()
    {
        TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options);
        string metrics = Path.Combine(_dir, "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        lines[2] = "2,abc,0,0,0,0,0,0,0";
        File.WriteAllLines(metrics, lines);
        var e = Assert.Throws<InvalidDataException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options, resume: true));
        Assert.That(e!.Message, Does.Contain("line 3"));
    }

    [Test]
    public void Resume_Refused_LeavesTheTrainerAsItWas()
    {
        TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options);
        string metrics = Path.Combine(_dir, "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        var trainer = NewTrainer();
        int[] w = trainer.Model.W.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
        var before = trainer.Snapshot();

        var other = new TrainingRunOptions { Chunks = 12, CheckpointInterval = 3, InputNoise = 0.03f, Seed = 4 };
        Assert.Throws<ArgumentException>(() => TrainingRun.Run(trainer, Patterns(), _dir, other, resume: true));
        Assert.That(trainer.Model.W.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(w), "other options: W untouched");
        Assert.That(trainer.Snapshot(), Is.EqualTo(before));

        lines[2] = "2,abc,0,0,0,0,0,0,0";
        File.WriteAllLines(metrics, lines);
        Assert.Throws<InvalidDataException>(() => TrainingRun.Run(trainer, Patterns(), _dir, Options, resume: true));
        Assert.That(trainer.Model.W.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(w), "corrupted metrics: W untouched");
        Assert.That(trainer.Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public void FreshRun_InAFolderOfAnotherRun_LeavesNoneOfItsCheckpoints()
    {
        TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options);
        // A fresh run with other options, stopped before its first latest checkpoint (chunk 5).
        var other = new TrainingRunOptions { Chunks = 10, CheckpointInterval = 5, InputNoise = 0.03f, Seed = 4 };
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, other,
            progress: new SyncProgress<ChunkMetrics>(m => { if (m.Chunk == 2) cts.Cancel(); }), cancellationToken: cts.Token));

        Assert.That(Directory.Exists(Path.Combine(_dir, "checkpoints", "latest")), Is.False, "the old run's latest checkpoint does not sit beside the new run's metrics");
        Assert.That(File.Exists(Path.Combine(_dir, "report.html")), Is.False, "nor its report");
        var resumed = TrainingRun.Run(NewTrainer(), Patterns(), _dir, other, resume: true);
        var straight = TrainingRun.Run(NewTrainer(), Patterns(), Path.Combine(_dir, "straight"), other);
        Assert.That(resumed.ResumedFromChunk, Is.EqualTo(0));
        Assert.That(resumed.Metrics, Is.EqualTo(straight.Metrics));
        Assert.That(resumed.BestChunk, Is.EqualTo(straight.BestChunk));
    }

    [Test]
    public void Resume_NonFiniteValueInMetrics_ThrowsNamingTheLineAndColumn()
    {
        TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options);
        string metrics = Path.Combine(_dir, "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        var fields = lines[2].Split(',');
        fields[1] = "NaN";
        lines[2] = string.Join(",", fields);
        File.WriteAllLines(metrics, lines);
        var e = Assert.Throws<InvalidDataException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options, resume: true));
        Assert.That(e!.Message, Does.Contain("line 3").And.Contain("'loss'").And.Contain("NaN"));
    }

    [TestCase(0, "99999999999", "'chunk' is '99999999999', not a 32-bit integer")]
    [TestCase(0, "2.5", "'chunk' is '2.5', not a 32-bit integer")]
    [TestCase(8, "99999999999999999999", "'steps' is '99999999999999999999', not a 64-bit integer")]
    public void Resume_IntegerOutOfRangeInMetrics_ThrowsInvalidDataNamingTheLineAndColumn(int column, string value, string expected)
    {
        TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options);
        string metrics = Path.Combine(_dir, "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        var fields = lines[2].Split(',');
        fields[column] = value;
        lines[2] = string.Join(",", fields);
        File.WriteAllLines(metrics, lines);
        var e = Assert.Throws<InvalidDataException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options, resume: true));
        Assert.That(e!.Message, Does.Contain("line 3: " + expected));
    }

    [Test]
    public void Resume_MetricsWhoseBestIsNotTheCheckpointsBestChunk_ThrowsNamingBoth()
    {
        var first = TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options);
        string metrics = Path.Combine(_dir, "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        // Make another chunk before the checkpoint the best by loss: the resumed run would go on from the wrong best.
        int other = first.BestChunk == 1 ? 2 : 1;
        var fields = lines[other].Split(',');
        fields[1] = "-1";
        lines[other] = string.Join(",", fields);
        File.WriteAllLines(metrics, lines);
        var e = Assert.Throws<InvalidDataException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options, resume: true));
        Assert.That(e!.Message, Does.Contain($"best chunk is {first.BestChunk}").And.Contain($"at chunk {other}"));
    }

    [Test]
    public void Resume_MetricsHeaderMismatch_ThrowsShowingTheHeaderFound()
    {
        TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options);
        string metrics = Path.Combine(_dir, "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        lines[0] += ",extra";
        File.WriteAllLines(metrics, lines);
        var e = Assert.Throws<InvalidDataException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options, resume: true));
        Assert.That(e!.Message, Does.Contain("steps,extra").And.Contain("header"));
    }

    [TestCase("chunk", "abc")]
    [TestCase("chunk", "-3")]
    [TestCase("chunk", "99999999999")]
    [TestCase("chunk", "12")]
    [TestCase("bestChunk", "-1")]
    [TestCase("bestChunk", "0")]
    [TestCase("bestLoss", "zz")]
    public void Resume_CorruptedCheckpointMetadata_ThrowsInvalidDataNamingTheField(string key, string value)
    {
        TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options);
        string json = Path.Combine(_dir, "checkpoints", "latest", "checkpoint.json");
        string text = File.ReadAllText(json);
        string corrupted = System.Text.RegularExpressions.Regex.Replace(text, $"\"{key}\": \"[^\"]*\"", $"\"{key}\": \"{value}\"");
        Assert.That(corrupted, Is.Not.EqualTo(text), "the field was found and changed");
        File.WriteAllText(json, corrupted);

        var e = Assert.Throws<InvalidDataException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options, resume: true));

        Assert.That(e!.Message, Does.Contain("checkpoints").And.Contain($"'{key}'").And.Contain(value));
    }

    [Test]
    public void Run_NoiseThatCanCarryAPatternPastFloat_ThrowsNamingItBeforeWriting()
    {
        // σ = 3e38: any draw with |z| > 1.14 made a noisy input ∞, and the chunk failed blaming "data" the caller never
        // passed, after earlier chunks had written their files. Refused up front: 0.15 + 8.572 σ exceeds float32.
        var trainer = NewTrainer();
        var w = trainer.Model.W.ToArray();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingRun.Run(trainer, Patterns(), _dir, new TrainingRunOptions { Chunks = 2, CheckpointInterval = 1, InputNoise = 3e38f }));

        Assert.That(e!.Message, Does.Contain("InputNoise (3E+38)").And.Contain("beyond float32"));
        Assert.That(Directory.Exists(_dir), Is.False, "nothing written");
        Assert.That((trainer.Model.W.ToArray(), trainer.StepCount), Is.EqualTo((w, 0L)));
    }

    [Test]
    public void Run_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingRun.Run(NewTrainer(), Patterns(), _dir, new TrainingRunOptions { Chunks = 0 }));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingRunOptions { CheckpointInterval = 0, InputNoise = -1, TargetRateHz = 0, SilentPenalty = float.NaN }.Validate());
        Assert.That(e!.Message, Does.Contain("CheckpointInterval").And.Contain("InputNoise").And.Contain("TargetRateHz").And.Contain("SilentPenalty"));
        Assert.Throws<ArgumentException>(() => TrainingRun.Run(NewTrainer(), new Matrix(2, 59), _dir));
        var nan = Patterns();
        nan[1, 7] = float.NaN;
        Assert.Throws<ArgumentException>(() => TrainingRun.Run(NewTrainer(), nan, _dir));
    }

    [Test]
    public void Run_WritesParametersJson_WithTheRunTrainerNetworkAndPatterns()
    {
        TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "parameters.json")));
        var root = doc.RootElement;
        Assert.That(root.GetProperty("run").GetProperty("chunks").GetString(), Is.EqualTo("9"));
        Assert.That(root.GetProperty("trainer").GetProperty("LearningRate").GetString(), Is.EqualTo("0.002"));
        Assert.That(root.GetProperty("trainer").GetProperty("Homeostasis.TargetRateHz").GetString(), Is.EqualTo("10"));
        Assert.That(root.GetProperty("network").GetProperty("Size").GetString(), Is.EqualTo("60"));
        Assert.That(root.GetProperty("network").GetProperty("Seed").GetString(), Is.EqualTo("21"));
        var bytes = Patterns().Data.SelectMany(BitConverter.GetBytes).ToArray();
        Assert.That(root.GetProperty("patterns").GetProperty("Sha256").GetString(),
            Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))));
    }

    private static PlasticityTrainer OtherTrainer(float learningRate = 0.002f, float threshold = 1f)
    {
        var net = new RecurrentSpikingNetwork(60, new RecurrentSpikingOptions { ConnectionProbability = 0.2f, InitialWeightScale = 0.5f, Seed = 21, Threshold = threshold });
        var trainer = new PlasticityTrainer(net, new PlasticityOptions
        {
            LearningRate = learningRate, WeightDecay = 0, StepsPerPattern = 200, Interval = 9,
            Homeostasis = new HomeostasisOptions { TargetRateHz = 10, Interval = 100, ScalingRate = 0.02f },
        });
        trainer.ConfigureProgress(false);
        return trainer;
    }

    [Test]
    public void Resume_WithOtherTrainerOptionsNetworkOrPatterns_IsRefusedNamingTheDifference_BeforeLoading()
    {
        var stopped = new TrainingRunOptions { Chunks = 3, CheckpointInterval = 3, InputNoise = 0.03f, Seed = 4, TargetRateHz = 10 };
        TrainingRun.Run(NewTrainer(), Patterns(), _dir, stopped);
        string metrics = File.ReadAllText(Path.Combine(_dir, "metrics.csv"));

        var faster = OtherTrainer(learningRate: 0.003f);
        float[] before = faster.Model.W.ToArray();
        var e = Assert.Throws<ArgumentException>(() => TrainingRun.Run(faster, Patterns(), _dir, stopped, resume: true));
        Assert.That(e!.Message, Does.Contain("trainer options").And.Contain("LearningRate: 0.002 → 0.003"));
        Assert.That(faster.Model.W.ToArray(), Is.EqualTo(before), "nothing was loaded");
        Assert.That(faster.StepCount, Is.EqualTo(0));

        e = Assert.Throws<ArgumentException>(() => TrainingRun.Run(OtherTrainer(threshold: 1.1f), Patterns(), _dir, stopped, resume: true));
        Assert.That(e!.Message, Does.Contain("network").And.Contain("Threshold: 1 → 1.1"));

        var shifted = Patterns();
        shifted[0, 0] += 0.01f;
        e = Assert.Throws<ArgumentException>(() => TrainingRun.Run(NewTrainer(), shifted, _dir, stopped, resume: true));
        Assert.That(e!.Message, Does.Contain("patterns").And.Contain("Sha256"));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "metrics.csv")), Is.EqualTo(metrics), "the run's files are as they were");

        Assert.That(TrainingRun.Run(NewTrainer(), Patterns(), _dir, stopped, resume: true).ResumedFromChunk, Is.EqualTo(3), "the same trainer, network and patterns resume");
    }

    [Test]
    public void RunParameters_OptionsAddedLater_AppearOnlyWhenSet_SoOlderRunsStillResume()
    {
        string plain = RunParameters.Trainer(NewTrainer());
        Assert.That(plain, Does.Not.Contain("InhibitoryTargetRateHz").And.Not.Contain("UseRunningRates").And.Not.Contain("ThresholdPercentile"));
        var net = new RecurrentSpikingNetwork(10, new RecurrentSpikingOptions { Seed = 1, ShortTermPlasticity = ShortTermPlasticityOptions.Depressing() });
        var options = new PlasticityOptions
        {
            Homeostasis = new HomeostasisOptions { InhibitoryTargetRateHz = 20, UseRunningRates = true },
            Metaplasticity = new MetaplasticityOptions { TargetRateHz = 5 },
        };
        string set = RunParameters.Trainer(new PlasticityTrainer(net, options));
        Assert.That(set, Does.Contain("Homeostasis.InhibitoryTargetRateHz=20").And.Contain("Homeostasis.UseRunningRates=true").And.Contain("Metaplasticity.TargetRateHz=5"));
        // The network's options are copies: changing what a property returns changes neither the network nor its description.
        string before = RunParameters.Network(net);
        net.ShortTermPlasticity!.BaselineRelease = 0.9f;
        Assert.That(RunParameters.Network(net), Is.EqualTo(before));
    }

    [Test]
    public void Resume_ACheckpointWithoutTrainerNetworkOrPatterns_AsWrittenBeforeTheyWereStored_StillResumes()
    {
        var stopped = new TrainingRunOptions { Chunks = 3, CheckpointInterval = 3, InputNoise = 0.03f, Seed = 4, TargetRateHz = 10 };
        TrainingRun.Run(NewTrainer(), Patterns(), _dir, stopped);
        string json = Path.Combine(_dir, "checkpoints", "latest", "checkpoint.json");
        string text = File.ReadAllText(json);
        string old = System.Text.RegularExpressions.Regex.Replace(text, "\\s*\"(trainer|network|patterns)\": \"[^\"]*\",?", "");
        Assert.That(old, Does.Not.Contain("\"trainer\"").And.Not.Contain("\"network\"").And.Not.Contain("\"patterns\""), "the fields were removed");
        File.WriteAllText(json, old.Replace(",\n  }", "\n  }", StringComparison.Ordinal));
        Assert.That(TrainingRun.Run(OtherTrainer(learningRate: 0.003f), Patterns(), _dir, stopped, resume: true).ResumedFromChunk, Is.EqualTo(3));
    }

    [Test]
    public void WeightSnapshots_BeforeTheFirstChunk_EveryKChunks_AndAfterTheLast_HoldWAtThoseChunks()
    {
        var options = new TrainingRunOptions { Chunks = 9, CheckpointInterval = 3, InputNoise = 0.03f, Seed = 4, WeightSnapshotInterval = 4 };
        var trainer = NewTrainer();
        float[] initial = trainer.Model.W.ToArray();
        TrainingRun.Run(trainer, Patterns(), _dir, options);
        var files = Directory.GetFiles(Path.Combine(_dir, "weights")).Select(Path.GetFileName).Order().ToArray();
        Assert.That(files, Is.EqualTo(new[] { "W_chunk_0000.npy", "W_chunk_0004.npy", "W_chunk_0008.npy", "W_chunk_0009.npy" }));
        float[] Read(int chunk) => Npy.Read(TrainingRun.SnapshotPath(_dir, chunk)).Data;
        Assert.That(Read(0), Is.EqualTo(initial));
        Assert.That(Read(9), Is.EqualTo(trainer.Model.W.ToArray()));
        // Chunk c's noise depends only on (seed, c), so a four-chunk run ends where this one was after four chunks.
        var four = NewTrainer();
        TrainingRun.Run(four, Patterns(), Path.Combine(_dir, "four"), new TrainingRunOptions { Chunks = 4, CheckpointInterval = 3, InputNoise = 0.03f, Seed = 4 });
        Assert.That(Read(4), Is.EqualTo(four.Model.W.ToArray()));
        Assert.That(Read(4), Is.Not.EqualTo(Read(0)), "training moved W, so equal snapshots would be no accident");
    }

    [Test]
    public void WeightSnapshots_AfterAResume_AreThoseOfTheUninterruptedRun()
    {
        var options = new TrainingRunOptions { Chunks = 6, CheckpointInterval = 2, InputNoise = 0.03f, Seed = 4, WeightSnapshotInterval = 1 };
        string straightDir = Path.Combine(_dir, "straight"), crashedDir = Path.Combine(_dir, "crashed");
        TrainingRun.Run(NewTrainer(), Patterns(), straightDir, options);
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => TrainingRun.Run(NewTrainer(), Patterns(), crashedDir, options,
            progress: new SyncProgress<ChunkMetrics>(m => { if (m.Chunk == 3) cts.Cancel(); }), cancellationToken: cts.Token));
        TrainingRun.Run(NewTrainer(), Patterns(), crashedDir, options, resume: true);
        for (int chunk = 0; chunk <= 6; chunk++)
        {
            Assert.That(File.ReadAllBytes(TrainingRun.SnapshotPath(crashedDir, chunk)), Is.EqualTo(File.ReadAllBytes(TrainingRun.SnapshotPath(straightDir, chunk))), $"chunk {chunk}");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingRunOptions { WeightSnapshotInterval = -1 }.Validate());
    }

    [Test]
    public void Predict_IntervalCvAndMembraneStatistics_EqualANaiveComputationFromTheSteppedNetwork()
    {
        var trainer = NewTrainer();
        var response = trainer.Predict(Patterns().Row(0));
        // The same network stepped by hand from the same state, spike times recorded.
        var twin = NewTrainer().Model;
        var times = Enumerable.Range(0, 60).Select(_ => new List<int>()).ToArray();
        var potentials = Enumerable.Range(0, 60).Select(_ => new List<double>()).ToArray();
        for (int t = 0; t < response.Steps; t++)
        {
            twin.Step(Patterns().Row(0));
            for (int i = 0; i < 60; i++)
            {
                if (twin.Spikes[i] != 0) times[i].Add(t);
                potentials[i].Add(twin.Membrane[i]);
            }
        }
        for (int i = 0; i < 60; i++)
        {
            double mean = potentials[i].Average();
            Assert.That(response.MembraneMean[i], Is.EqualTo(mean).Within(1e-12), $"neuron {i}'s mean potential");
            Assert.That(response.MembraneStandardDeviation[i], Is.EqualTo(Math.Sqrt(potentials[i].Average(v => (v - mean) * (v - mean)))).Within(1e-9), $"neuron {i}'s spread");
        }
        Assert.That(response.MembraneStandardDeviation.Max(), Is.GreaterThan(0), "the potentials move");
        int defined = 0;
        for (int i = 0; i < 60; i++)
        {
            Assert.That(response.SpikeCounts[i], Is.EqualTo(times[i].Count), $"neuron {i}");
            if (times[i].Count < 3)
            {
                Assert.That(response.IntervalCv[i], Is.NaN, $"neuron {i}: fewer than two intervals");
                continue;
            }
            var isi = times[i].Zip(times[i].Skip(1), (a, b) => (double)(b - a)).ToArray();
            double mean = isi.Average(), sd = Math.Sqrt(isi.Average(x => (x - mean) * (x - mean)));
            Assert.That(response.IntervalCv[i], Is.EqualTo(sd / mean).Within(1e-12), $"neuron {i}");
            defined++;
        }
        Assert.That(defined, Is.GreaterThan(10), "enough neurons fire for the comparison to mean something");
    }

    [Test]
    public void CvWeight_AddsTheRegularityTermToTheLoss_AsItsColumnsSay()
    {
        var options = new TrainingRunOptions { Chunks = 4, CheckpointInterval = 2, InputNoise = 0.03f, Seed = 4, CvWeight = 0.5f, CvTarget = 0.8f, RateWeight = 2f };
        var trainer = NewTrainer();
        var result = TrainingRun.Run(trainer, Patterns(), _dir, options);
        Assert.That(File.ReadAllLines(result.MetricsFile)[0], Does.EndWith(",steps,cv_loss,mean_cv"));
        foreach (var m in result.Metrics)
        {
            Assert.That(m.Loss, Is.EqualTo(2 * m.RateLoss + 0.5 * m.CvLoss!.Value + options.SilentPenalty * m.SilentFraction).Within(1e-12), $"chunk {m.Chunk}");
        }
        // The last chunk's evaluation, again by hand: Predict restores the state, so the responses are those the run saw.
        var cvs = Enumerable.Range(0, 2).SelectMany(p => trainer.Predict(Patterns().Row(p)).IntervalCv).Where(c => !double.IsNaN(c)).ToArray();
        var last = result.Metrics[^1];
        Assert.That(last.MeanCv, Is.EqualTo(cvs.Average()).Within(1e-12));
        Assert.That(last.CvLoss, Is.EqualTo(cvs.Average(c => (c - options.CvTarget) * (c - options.CvTarget))).Within(1e-12), "CvTarget is the float 0.8f");
        Assert.That(File.ReadAllText(result.Report), Does.Contain("Regularity"));

        // A resume reads the CV columns back: a finished run resumed gives the same metrics.
        Assert.That(TrainingRun.Run(NewTrainer(), Patterns(), _dir, options, resume: true).Metrics, Is.EqualTo(result.Metrics));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingRunOptions { CvWeight = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingRunOptions { CvTarget = float.NaN }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingRunOptions { RateWeight = -0.5f }.Validate());
        Assert.Throws<ArgumentException>(() => new TrainingRunMetric("cv_loss", _ => 0));
    }

    [Test]
    public void InputWeights_ScaledByHomeostasis_AreRecorded_AndAResumeWithoutIsRefused()
    {
        static PlasticityTrainer Trainer(bool scaleInputs) => new(
            new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { ConnectionProbability = 0.2f, InitialWeightScale = 0.3f, Seed = 9, InputCount = 8, InputWeightScale = 0.4f }),
            new PlasticityOptions
            {
                LearningRate = 0.01f, StepsPerPattern = 40, Interval = 5, TrainInputWeights = true,
                Homeostasis = new HomeostasisOptions { TargetRateHz = 10, Interval = 20, ScaleInputWeights = scaleInputs },
            });
        var patterns = new Matrix(2, 8);
        for (int j = 0; j < 4; j++) (patterns[0, j], patterns[1, 4 + j]) = (1f, 1f);
        var options = new TrainingRunOptions { Chunks = 1, CheckpointInterval = 1, TargetRateHz = 10 };
        var trainer = Trainer(scaleInputs: true);
        trainer.ConfigureProgress(false);
        TrainingRun.Run(trainer, patterns, _dir, options);
        Assert.That(File.ReadAllText(Path.Combine(_dir, "parameters.json")), Does.Contain("\"Homeostasis.ScaleInputWeights\": \"true\""));
        Assert.That(RunParameters.Trainer(Trainer(scaleInputs: true)), Does.Not.Contain("Metaplasticity.InputWeights"), "no BCM, nothing recorded");
        var bcm = new PlasticityTrainer(Trainer(scaleInputs: true).Model, new PlasticityOptions { TrainInputWeights = true, Metaplasticity = new MetaplasticityOptions() });
        Assert.That(RunParameters.Trainer(bcm), Does.Contain("Metaplasticity.InputWeights"), "BCM on W_in is part of what a resume must match");
        var e = Assert.Throws<ArgumentException>(() => TrainingRun.Run(Trainer(scaleInputs: false), patterns, _dir, options, resume: true));
        Assert.That(e!.Message, Does.Contain("ScaleInputWeights"));
    }

    [Test]
    public void InputWeights_TheRunTrainsThem_SnapshotsThem_AndRefusesAnotherInputLayerOnResume()
    {
        // 40 neurons fed by 12 input channels; each pattern drives half of the channels.
        static PlasticityTrainer Trainer(float inputScale) => new(
            new RecurrentSpikingNetwork(40, new RecurrentSpikingOptions { ConnectionProbability = 0.2f, InitialWeightScale = 0.3f, Seed = 8, InputCount = 12, InputWeightScale = inputScale }),
            new PlasticityOptions { LearningRate = 0.01f, StepsPerPattern = 60, Interval = 6, TrainInputWeights = true });
        var patterns = new Matrix(2, 12);
        for (int j = 0; j < 6; j++) (patterns[0, j], patterns[1, 6 + j]) = (1f, 1f);
        var trainer = Trainer(0.4f);
        trainer.ConfigureProgress(false);
        var wIn0 = trainer.Model.InputWeights!.ToArray();
        var options = new TrainingRunOptions { Chunks = 2, CheckpointInterval = 1, WeightSnapshotInterval = 1, TargetRateHz = 20 };
        var result = TrainingRun.Run(trainer, patterns, _dir, options);
        Assert.That(trainer.Model.InputWeights.ToArray(), Is.Not.EqualTo(wIn0), "W_in learned");
        Assert.That(Npy.Read(Path.Combine(_dir, "initial_state", "W_in.npy")).AsSpan().ToArray(), Is.EqualTo(wIn0));
        Assert.That(Npy.Read(Path.Combine(_dir, "weights", "W_in_chunk_0002.npy")).AsSpan().ToArray(), Is.EqualTo(trainer.Model.InputWeights.ToArray()));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "parameters.json")), Does.Contain("\"InputCount\": \"12\"").And.Contain("\"TrainInputWeights\": \"true\""));
        Assert.That(result.Metrics, Has.Count.EqualTo(2));

        // Patterns one per neuron are refused (the network takes 12 channels); another input scale cannot resume the run.
        var e = Assert.Throws<ArgumentException>(() => TrainingRun.Run(Trainer(0.4f), new Matrix(2, 40), Path.Combine(_dir, "other"), options));
        Assert.That(e!.Message, Does.Contain("12 input channels"));
        var other = Trainer(0.5f);
        var refused = Assert.Throws<ArgumentException>(() => TrainingRun.Run(other, patterns, _dir, options, resume: true));
        Assert.That(refused!.Message, Does.Contain("InputWeightScale"));
    }

    [Test]
    public void MembraneWeight_AddsTheMembraneTermToTheLoss_AsItsColumnsSay()
    {
        var options = new TrainingRunOptions { Chunks = 3, CheckpointInterval = 1, InputNoise = 0.03f, Seed = 5, CvWeight = 0.5f, MembraneWeight = 2f, MembraneTargetRatio = 0.75f };
        var trainer = NewTrainer();
        var result = TrainingRun.Run(trainer, Patterns(), _dir, options);
        Assert.That(File.ReadAllLines(result.MetricsFile)[0], Does.EndWith(",steps,cv_loss,mean_cv,membrane_loss,mean_membrane_ratio"));
        foreach (var m in result.Metrics)
        {
            Assert.That(m.Loss, Is.EqualTo(m.RateLoss + 0.5 * m.CvLoss!.Value + 2 * m.MembraneLoss!.Value + options.SilentPenalty * m.SilentFraction).Within(1e-12), $"chunk {m.Chunk}");
        }
        // The last chunk's term, again by hand from the responses' membrane statistics (Predict restores the state).
        var net = trainer.Model;
        var ratios = Enumerable.Range(0, 2).SelectMany(p =>
        {
            var response = trainer.Predict(Patterns().Row(p));
            return response.MembraneMean.Zip(response.MembraneStandardDeviation, (mu, sd) => (mu + sd - net.ResetPotential) / (net.Threshold - net.ResetPotential));
        }).ToArray();
        var last = result.Metrics[^1];
        Assert.That(last.MeanMembraneRatio, Is.EqualTo(ratios.Average()).Within(1e-12));
        Assert.That(last.MembraneLoss, Is.EqualTo(ratios.Average(r => Math.Pow(Math.Max(0, r - 0.75f), 2))).Within(1e-12), "MembraneTargetRatio is the float 0.75f");
        Assert.That(last.MembraneLoss, Is.GreaterThan(0), "some membranes are above the target, so the term is exercised");
        Assert.That(ratios.Min(), Is.LessThan(0.75), "and some below (0.52 … 0.95 here), so the one-sided penalty is exercised");
        Assert.That(File.ReadAllText(result.Report), Does.Contain("Membrane"));

        // A resume reads the membrane columns back; the options line names the term only when it is on.
        Assert.That(TrainingRun.Run(NewTrainer(), Patterns(), _dir, options, resume: true).Metrics, Is.EqualTo(result.Metrics));
        Assert.That(options.Describe(), Does.Contain("membraneWeight=2").And.Contain("membraneTargetRatio=0.75"));
        Assert.That(new TrainingRunOptions().Describe(), Does.Not.Contain("membrane"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingRunOptions { MembraneWeight = float.PositiveInfinity }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingRunOptions { MembraneTargetRatio = -0.1f }.Validate());
        Assert.Throws<ArgumentException>(() => new TrainingRunMetric("membrane_loss", _ => 0));
    }

    [Test]
    public void Report_WithSelectivePlasticity_DrawsTheEligibilityTraces()
    {
        var net = new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { ConnectionProbability = 0.2f, InitialWeightScale = 0.5f, Seed = 21 });
        var trainer = new PlasticityTrainer(net, new PlasticityOptions { StepsPerPattern = 50, Interval = 5, Selective = new SelectivePlasticityOptions { WarmupApplications = 2 } });
        trainer.ConfigureProgress(false);
        var patterns = new Matrix(1, 30);
        patterns.AsSpan().Fill(0.12f);
        var result = TrainingRun.Run(trainer, patterns, _dir, new TrainingRunOptions { Chunks = 2, CheckpointInterval = 1 });
        string html = File.ReadAllText(result.Report);
        Assert.That(html, Does.Contain("Eligibility traces e (top-left 30 × 30 block, after chunk 2)"));
        Assert.That(html.Split("<svg").Length - 1, Is.EqualTo(5), "loss, rates, weights, W and the traces");
    }

    [Test]
    public void InhibitoryTarget_EachPopulationIsMeasuredAgainstItsOwnTarget()
    {
        var net = new RecurrentSpikingNetwork(60, new RecurrentSpikingOptions
        {
            ConnectionProbability = 0.2f, InitialWeightScale = 0.5f, Seed = 21, InhibitoryFraction = 0.2f, InhibitoryGain = 1f,
        });
        var trainer = new PlasticityTrainer(net, new PlasticityOptions
        {
            LearningRate = 0.002f, WeightDecay = 0, StepsPerPattern = 200, Interval = 9,
            Homeostasis = new HomeostasisOptions { TargetRateHz = 10, InhibitoryTargetRateHz = 40, Interval = 100, ScalingRate = 0.02f },
        });
        trainer.ConfigureProgress(false);
        var options = new TrainingRunOptions { Chunks = 3, CheckpointInterval = 3, InputNoise = 0.03f, Seed = 4, TargetRateHz = 10, InhibitoryTargetRateHz = 40 };
        var result = TrainingRun.Run(trainer, Patterns(), _dir, options);
        // The last chunk's evaluation again, by hand (Predict restores the state).
        var rates = MeanRates(trainer);
        double expected = Enumerable.Range(0, 60).Average(i =>
        {
            double target = i >= 48 ? 40 : 10;
            return (rates[i] - target) / target * ((rates[i] - target) / target);
        });
        Assert.That(result.Metrics[^1].RateLoss, Is.EqualTo(expected).Within(1e-12));
        Assert.That(new TrainingRunOptions { InhibitoryTargetRateHz = 40 }.Describe(), Does.EndWith(";inhibitoryTargetRateHz=40"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingRunOptions { InhibitoryTargetRateHz = 0 }.Validate());
    }

    [Test]
    public void InitialState_HoldsTheUntrainedWAndItsEvaluation()
    {
        var trainer = NewTrainer();
        float[] untrained = trainer.Model.W.ToArray();
        // The untrained network's evaluation, by hand: the mean rate over the two patterns against 10 Hz.
        var rates = MeanRates(trainer);
        double rateLoss = rates.Average(r => (r - 10) / 10 * ((r - 10) / 10));

        var result = TrainingRun.Run(trainer, Patterns(), _dir, Options);
        Assert.That(result.Initial!.Chunk, Is.EqualTo(0));
        Assert.That(result.Initial.RateLoss, Is.EqualTo(rateLoss).Within(1e-12));
        Assert.That(result.Initial.Steps, Is.EqualTo(0));
        Assert.That(Npy.Read(Path.Combine(_dir, "initial_state", "W.npy")).Data, Is.EqualTo(untrained));
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "initial_state", "metrics.json")));
        Assert.That(doc.RootElement.GetProperty("loss").GetDouble(), Is.EqualTo(result.Initial.Loss));
        Assert.That(doc.RootElement.GetProperty("chunk").GetDouble(), Is.EqualTo(0));
        Assert.That(File.ReadAllLines(result.MetricsFile)[1], Does.StartWith("1,"), "metrics.csv still starts at chunk 1");
        Assert.That(TrainingRun.Run(NewTrainer(), Patterns(), _dir, Options, resume: true).Initial, Is.Null, "a resumed run does not evaluate again");
    }

    [Test]
    public void Noisy_SameChunkSameNoise_OtherChunkOtherNoise_StandardDeviationAsAsked()
    {
        var patterns = new Matrix(50, 200);
        var options = new TrainingRunOptions { InputNoise = 0.5f, Seed = 3 };
        var a = TrainingRun.Noisy(patterns, options, 7);
        Assert.That(TrainingRun.Noisy(patterns, options, 7).AsSpan().ToArray(), Is.EqualTo(a.AsSpan().ToArray()));
        Assert.That(TrainingRun.Noisy(patterns, options, 8).AsSpan().ToArray(), Is.Not.EqualTo(a.AsSpan().ToArray()));
        var values = a.AsSpan().ToArray();
        double mean = values.Average(v => (double)v), std = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        // 10,000 draws: the sample mean within 4 standard errors (0.02) and the deviation within 3 %.
        Assert.That(mean, Is.EqualTo(0).Within(0.02));
        Assert.That(std, Is.EqualTo(0.5).Within(0.015));
    }
}
