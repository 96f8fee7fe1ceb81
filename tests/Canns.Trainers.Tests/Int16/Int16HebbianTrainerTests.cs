using Canns.Models;

namespace Canns.Trainers.Tests.Int16;

[NonParallelizable]
public class Int16HebbianTrainerTests
{
    [TearDown]
    public void Restore() => CannsParallelism.MaxDegree = Environment.ProcessorCount;

    private static Int16HebbianTrainer Trainer(int n, UpdateMode mode, Int16HebbianOptions? options = null, RecallOptions? recall = null, float threshold = 0) =>
        new(new Int16HopfieldNetwork(n, new Int16HopfieldOptions { UpdateMode = mode, Threshold = threshold }), options, recall);

    [Test]
    public void Train_Couplings_EqualNaiveIntegerGram()
    {
        const int n = 50, p = 7;
        var x = TestData.RandomBipolar(p, n, 1);
        var trainer = Trainer(n, UpdateMode.Synchronous, new Int16HebbianOptions { LearningRate = 0.5f });
        trainer.Train(x);
        var net = trainer.Model;
        long total = 0;
        for (int i = 0; i < n; i++)
        {
            int sum = 0;
            for (int q = 0; q < p; q++) sum += (int)x[q, i];
            Assert.That(net.ColumnSums[i], Is.EqualTo(sum), $"S_{i}");
            total += sum;
            for (int j = 0; j < n; j++)
            {
                int g = 0;
                for (int q = 0; q < p; q++) g += (int)(x[q, i] * x[q, j]);
                Assert.That(net.Couplings[i * n + j], Is.EqualTo(i == j ? 0 : g), $"J_{i},{j}");
            }
        }
        double rho = total / (double)(p * n);
        Assert.Multiple(() =>
        {
            Assert.That(net.Scale, Is.EqualTo(0.5 / p));
            Assert.That(net.Center, Is.EqualTo(rho));
            Assert.That(net.Offset, Is.EqualTo(p * rho * rho));
            Assert.That(trainer.PatternCount, Is.EqualTo(p));
        });
    }

    [TestCase(true, true)]
    [TestCase(false, true)]
    [TestCase(true, false)]
    public void Train_Weights_EqualNaiveCovarianceRule(bool center, bool normalize)
    {
        const int n = 40, p = 9;
        // Biased patterns, so centring matters.
        var random = new Random(2);
        var x = new Matrix(p, n);
        foreach (ref float v in x.AsSpan()) v = random.NextDouble() < 0.3 ? 1f : -1f;
        var trainer = Trainer(n, UpdateMode.Synchronous, new Int16HebbianOptions { LearningRate = 2f, SubtractMean = center, NormalizeByPatternCount = normalize });
        trainer.Train(x);
        var expected = TestData.NaiveHebbian(x, lr: 2, center: center, normalize: normalize);
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            Assert.That(trainer.Model.Weight(i, j), Is.EqualTo(expected[i, j]).Within(1e-12 * Math.Max(1, Math.Abs(expected[i, j]))), $"W_{i},{j}");
        }
    }

    [Test]
    public void Train_TwoCalls_EqualOneCallOnTheUnion()
    {
        const int n = 64;
        var a = TestData.RandomBipolar(5, n, 3);
        var b = TestData.RandomBipolar(8, n, 4);
        var union = new Matrix(13, n);
        a.AsSpan().CopyTo(union.AsSpan());
        b.AsSpan().CopyTo(union.AsSpan()[(5 * n)..]);
        var twice = Trainer(n, UpdateMode.Synchronous);
        twice.Train(a);
        twice.Train(b);
        var once = Trainer(n, UpdateMode.Synchronous);
        once.Train(union);
        Assert.Multiple(() =>
        {
            Assert.That(twice.Model.Couplings.ToArray(), Is.EqualTo(once.Model.Couplings.ToArray()));
            Assert.That(twice.Model.ColumnSums.ToArray(), Is.EqualTo(once.Model.ColumnSums.ToArray()));
            Assert.That((twice.Model.Scale, twice.Model.Center, twice.Model.Offset), Is.EqualTo((once.Model.Scale, once.Model.Center, once.Model.Offset)));
        });
    }

    [TestCase(UpdateMode.Synchronous)]
    [TestCase(UpdateMode.Asynchronous)]
    public void Predict_CompiledAndStepPaths_AgreeBitForBit(UpdateMode mode)
    {
        const int n = 300;
        var x = TestData.RandomBipolar(40, n, 5);
        var trainer = Trainer(n, mode, recall: new RecallOptions { RecordEnergyTrace = true, MaxIterations = 12, Seed = 3 }, threshold: 0.01f);
        trainer.Train(x);
        var probes = TestData.Flip(x, 0.25, 6);
        for (int r = 0; r < 10; r++)
        {
            trainer.ConfigureProgress(showProgress: false, useCompile: true);
            var compiled = trainer.Predict(probes.Row(r));
            trainer.ConfigureProgress(showProgress: false, useCompile: false);
            var step = trainer.Predict(probes.Row(r));
            Assert.That(compiled.SameOutcomeAs(step), Is.True, $"probe {r}: {compiled.Iterations} vs {step.Iterations} iterations, E {compiled.Energy} vs {step.Energy}");
            Assert.That(compiled.EnergyTrace, Is.EqualTo(step.EnergyTrace), $"probe {r}");
        }
    }

    [TestCase(UpdateMode.Synchronous, 1)]
    [TestCase(UpdateMode.Synchronous, 2)]
    [TestCase(UpdateMode.Asynchronous, 2)]
    public void PredictBatch_EqualsPredictRowByRow(UpdateMode mode, int threads)
    {
        CannsParallelism.MaxDegree = threads;
        const int n = 700;
        var x = TestData.RandomBipolar(60, n, 7);
        var trainer = Trainer(n, mode, recall: new RecallOptions { RecordEnergyTrace = true, MaxIterations = 6 });
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(x);
        // Noisy probes (many flips in the first step: fresh fields for the group), slightly noisy ones (few flips a step:
        // fields updated from the flips) and random ones (some hit the step limit).
        var probes = TestData.Flip(x, 0.2, 8);
        var slightly = TestData.Flip(x, 0.05, 10);
        var random = TestData.RandomBipolar(10, n, 9);
        foreach (var set in new[] { probes, slightly, random })
        {
            var batch = trainer.PredictBatch(set);
            for (int r = 0; r < set.Rows; r++)
            {
                var single = trainer.Predict(set.Row(r));
                Assert.That(batch[r].SameOutcomeAs(single), Is.True, $"probe {r}");
                Assert.That(batch[r].EnergyTrace, Is.EqualTo(single.EnergyTrace), $"probe {r}");
            }
        }
    }

    [TestCase(UpdateMode.Synchronous)]
    [TestCase(UpdateMode.Asynchronous)]
    public void Predict_NoTies_SameStatesAsTheFloatNetwork(UpdateMode mode)
    {
        // Without centring and with P odd, every field is a nonzero multiple of 1/P (an odd number of odd terms), so
        // the float32 network's rounded fields have the same signs and both networks must visit the same states.
        const int n = 200, p = 21;
        var x = TestData.RandomBipolar(p, n, 9);
        var recall = new RecallOptions { Seed = 4 };
        var compact = Trainer(n, mode, new Int16HebbianOptions { SubtractMean = false }, recall);
        compact.Train(x);
        var floatTrainer = new HebbianTrainer(new AmariHopfieldNetwork(n, new AmariHopfieldOptions { UpdateMode = mode }),
            new HebbianOptions { SubtractMean = false }, recall);
        floatTrainer.Train(x);
        var probes = TestData.Flip(x, 0.3, 10);
        for (int r = 0; r < p; r++)
        {
            var a = compact.Predict(probes.Row(r));
            var b = floatTrainer.Predict(probes.Row(r));
            Assert.That(a.State, Is.EqualTo(b.State), $"probe {r}");
            Assert.That(a.Iterations, Is.EqualTo(b.Iterations), $"probe {r}");
            Assert.That(a.Energy, Is.EqualTo(b.Energy).Within(1e-4 * Math.Abs(b.Energy)), $"probe {r}");
        }
    }

    [Test]
    public void Predict_Asynchronous_EnergyNeverIncreases()
    {
        const int n = 256;
        var x = TestData.RandomBipolar(30, n, 11);
        var trainer = Trainer(n, UpdateMode.Asynchronous, recall: new RecallOptions { RecordEnergyTrace = true });
        trainer.Train(x);
        var probe = TestData.RandomBipolar(1, n, 12).Row(0);
        var trace = trainer.Predict(probe).EnergyTrace!;
        for (int t = 1; t < trace.Count; t++) Assert.That(trace[t], Is.LessThanOrEqualTo(trace[t - 1]), $"step {t}");
    }

    [Test]
    public void Predict_LowLoadNoisyProbe_RecallsThePattern()
    {
        const int n = 1_000;
        var x = TestData.RandomBipolar(50, n, 13);
        var trainer = Trainer(n, UpdateMode.Synchronous);
        trainer.Train(x);
        var probe = TestData.Flip(x, 0.1, 14).Row(3);
        Assert.That(TestData.Overlap(trainer.Predict(probe).State, x.Row(3)), Is.EqualTo(1.0));
    }

    [Test]
    public void Train_ValueNotBipolar_ThrowsNamingItAndChangesNothing()
    {
        var trainer = Trainer(4, UpdateMode.Synchronous);
        trainer.Train(TestData.RandomBipolar(3, 4, 15));
        var couplings = trainer.Model.Couplings.ToArray();
        long version = trainer.Model.Version;
        var bad = TestData.RandomBipolar(2, 4, 16);
        bad[1, 2] = 0.5f;
        var ex = Assert.Throws<ArgumentException>(() => trainer.Train(bad));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("0.5").And.Contain("row 1, column 2"));
            Assert.That(trainer.Model.Couplings.ToArray(), Is.EqualTo(couplings));
            Assert.That(trainer.Model.Version, Is.EqualTo(version));
            Assert.That(trainer.PatternCount, Is.EqualTo(3));
        });
    }

    [Test]
    public void Train_NaNOrWrongWidthOrEmpty_Throws()
    {
        var trainer = Trainer(4, UpdateMode.Synchronous);
        var nan = TestData.RandomBipolar(2, 4, 17);
        nan[0, 1] = float.NaN;
        Assert.Multiple(() =>
        {
            Assert.That(() => trainer.Train(nan), Throws.ArgumentException.With.Message.Contains("non-finite"));
            Assert.That(() => trainer.Train(TestData.RandomBipolar(2, 5, 1)), Throws.ArgumentException.With.Message.Contains("5 columns"));
            Assert.That(() => trainer.Train(new Matrix(0, 4)), Throws.ArgumentException.With.Message.Contains("empty"));
            Assert.That(trainer.Model.Version, Is.EqualTo(0));
        });
    }

    [Test]
    public void Train_MoreThanMaxPatterns_ThrowsAndChangesNothing()
    {
        var trainer = Trainer(3, UpdateMode.Synchronous);
        trainer.Train(TestData.RandomBipolar(Int16HebbianTrainer.MaxPatterns - 1, 3, 18));
        var couplings = trainer.Model.Couplings.ToArray();
        var ex = Assert.Throws<ArgumentException>(() => trainer.Train(TestData.RandomBipolar(2, 3, 19)));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("32767"));
            Assert.That(trainer.Model.Couplings.ToArray(), Is.EqualTo(couplings));
            Assert.That(trainer.PatternCount, Is.EqualTo(Int16HebbianTrainer.MaxPatterns - 1));
        });
        trainer.Train(TestData.RandomBipolar(1, 3, 20));
        Assert.That(trainer.PatternCount, Is.EqualTo(Int16HebbianTrainer.MaxPatterns), "exactly the limit fits");
    }

    [Test]
    public void Train_WeightsWrittenByOthers_ThrowsUntilForget()
    {
        var trainer = Trainer(3, UpdateMode.Synchronous);
        trainer.Train(TestData.RandomBipolar(2, 3, 21));
        trainer.Model.SetWeights([0, 1, 1, 1, 0, 1, 1, 1, 0], [0, 0, 0], 1, 0, 0);
        Assert.That(() => trainer.Train(TestData.RandomBipolar(2, 3, 22)), Throws.InvalidOperationException.With.Message.Contains("Forget"));
        trainer.Forget();
        Assert.That(trainer.Model.Couplings.ToArray(), Is.All.EqualTo(0));
        trainer.Train(TestData.RandomBipolar(2, 3, 22));
        Assert.That(trainer.PatternCount, Is.EqualTo(2));
    }

    [Test]
    public void Train_NewTrainerOnATrainedNetwork_ThrowsUntilForget()
    {
        var first = Trainer(3, UpdateMode.Synchronous);
        first.Train(TestData.RandomBipolar(2, 3, 27));
        var second = new Int16HebbianTrainer(first.Model);
        Assert.That(() => second.Train(TestData.RandomBipolar(2, 3, 28)), Throws.InvalidOperationException);
        second.Forget();
        second.Train(TestData.RandomBipolar(2, 3, 28));
        Assert.That(first.Model.Scale, Is.EqualTo(0.5), "η/P with P = 2");
    }

    [Test]
    public void Train_Cancelled_ChangesNothing()
    {
        var trainer = Trainer(8, UpdateMode.Synchronous);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => trainer.Train(TestData.RandomBipolar(4, 8, 23), cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That((trainer.Model.Version, trainer.PatternCount), Is.EqualTo((0L, 0)));
    }

    [TestCase(UpdateMode.Synchronous)]
    [TestCase(UpdateMode.Asynchronous)]
    public void PredictBatch_Cancelled_Throws(UpdateMode mode)
    {
        var trainer = Trainer(64, mode);
        trainer.Train(TestData.RandomBipolar(4, 64, 29));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => trainer.PredictBatch(TestData.RandomBipolar(8, 64, 30), cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Predict_BadProbes_Throw()
    {
        var trainer = Trainer(4, UpdateMode.Synchronous);
        var notBipolar = TestData.RandomBipolar(2, 4, 24);
        notBipolar[1, 3] = 0f;
        Assert.Multiple(() =>
        {
            Assert.That(() => trainer.Predict([1, 1, 0.25f, 1]), Throws.ArgumentException.With.Message.Contains("0.25"));
            Assert.That(() => trainer.Predict([1, 1, 1]), Throws.ArgumentException.With.Message.Contains("length 3"));
            Assert.That(() => trainer.PredictBatch(new Matrix(0, 4)), Throws.ArgumentException.With.Message.Contains("empty"));
            Assert.That(() => trainer.PredictBatch(notBipolar), Throws.ArgumentException.With.Message.Contains("row 1, column 3"));
        });
    }

    [Test]
    public void Options_DefaultsArePinnedAndBadRateThrows()
    {
        var o = new Int16HebbianOptions();
        Assert.That((o.LearningRate, o.SubtractMean, o.NormalizeByPatternCount), Is.EqualTo((1f, true, true)));
        Assert.That(() => new Int16HebbianTrainer(new Int16HopfieldNetwork(2), new Int16HebbianOptions { LearningRate = 0 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("LearningRate"));
    }

    [Test]
    public void Predict_StepPath_ReportsEveryIteration()
    {
        var trainer = Trainer(64, UpdateMode.Synchronous, recall: new RecallOptions { MaxIterations = 5 });
        trainer.Train(TestData.RandomBipolar(3, 64, 25));
        var reports = new List<TrainingProgress>();
        trainer.Progress = new SyncProgress(reports.Add);
        trainer.ConfigureProgress(showProgress: true, useCompile: false);
        var result = trainer.Predict(TestData.RandomBipolar(1, 64, 26).Row(0));
        Assert.That(reports.Select(r => r.Iteration), Is.EqualTo(Enumerable.Range(1, result.Iterations)));
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Test]
    public void SetRecallOptions_Valid_TakesACopyThatPredictUses()
    {
        // A 20 %-noisy probe of a stored pattern needs more than one sweep under the default limit of 20 (one to
        // correct it, at least one more to see it settle); after MaxIterations = 1 the recall must stop at one.
        const int n = 64;
        var x = TestData.RandomBipolar(3, n, 21);
        var trainer = Trainer(n, UpdateMode.Synchronous);
        trainer.Train(x);
        var probe = x.Row(0).ToArray();
        for (int i = 0; i < n; i += 5) probe[i] = -probe[i];
        Assert.That(trainer.Predict(probe).Iterations, Is.GreaterThan(1), "precondition: the default limit lets it run on");
        var options = new RecallOptions { MaxIterations = 1 };

        trainer.SetRecallOptions(options);
        options.MaxIterations = 50;
        var result = trainer.Predict(probe);

        Assert.That(trainer.Recall.MaxIterations, Is.EqualTo(1), "the trainer keeps its own copy");
        Assert.That(result.Iterations, Is.EqualTo(1));
    }

    [TestCase(0, 1e-6)]
    [TestCase(20, double.NaN)]
    [TestCase(20, -1.0)]
    public void SetRecallOptions_OutOfRange_ThrowsNamingTheOptionAndKeepsTheOld(int maxIterations, double tolerance)
    {
        var trainer = Trainer(8, UpdateMode.Synchronous, recall: new RecallOptions { MaxIterations = 7, Tolerance = 1e-3 });

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.SetRecallOptions(new RecallOptions { MaxIterations = maxIterations, Tolerance = tolerance }));

        Assert.That(e!.Message, Does.Contain(maxIterations < 1 ? "MaxIterations" : "Tolerance"));
        Assert.That((trainer.Recall.MaxIterations, trainer.Recall.Tolerance), Is.EqualTo((7, 1e-3)));
        Assert.Throws<ArgumentNullException>(() => trainer.SetRecallOptions(null!));
    }
}

[NonParallelizable]
public class Int16HebbianCancellationTests
{
    [Test]
    public void Train_CancelledAfterTheFirstChunk_TakesItOutAgain()
    {
        // More patterns than one popcount chunk (15,872): the first chunk is added to J before the token is seen.
        const int n = 6;
        var trainer = new Int16HebbianTrainer(new Int16HopfieldNetwork(n));
        trainer.Train(TestData.RandomBipolar(5, n, 30));
        var couplings = trainer.Model.Couplings.ToArray();
        var sums = trainer.Model.ColumnSums.ToArray();
        using var cts = new CancellationTokenSource();
        var reports = new List<long>();
        trainer.Progress = new Reporter(r => { reports.Add(r.Item); cts.Cancel(); });
        Assert.That(() => trainer.Train(TestData.RandomBipolar(20_000, n, 31), cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.Multiple(() =>
        {
            Assert.That(reports, Is.Not.Empty, "the first chunk ran");
            Assert.That(trainer.Model.Couplings.ToArray(), Is.EqualTo(couplings));
            Assert.That(trainer.Model.ColumnSums.ToArray(), Is.EqualTo(sums));
            Assert.That(trainer.PatternCount, Is.EqualTo(5));
        });
    }

    [Test]
    public void Train_ProgressHandlerThrowsAfterTheFirstChunk_TakesItOutAgain()
    {
        // Any failure midway (here the caller's progress handler, after the first chunk was added to J) must leave the
        // couplings as they were, not only a cancellation: J is otherwise half-updated with the version unchanged.
        const int n = 6;
        var trainer = new Int16HebbianTrainer(new Int16HopfieldNetwork(n));
        trainer.Train(TestData.RandomBipolar(5, n, 30));
        var couplings = trainer.Model.Couplings.ToArray();
        var sums = trainer.Model.ColumnSums.ToArray();
        long version = trainer.Model.Version;
        trainer.Progress = new Reporter(_ => throw new InvalidOperationException("handler failed"));

        Assert.That(() => trainer.Train(TestData.RandomBipolar(20_000, n, 31)), Throws.InvalidOperationException.With.Message.EqualTo("handler failed"));

        Assert.Multiple(() =>
        {
            Assert.That(trainer.Model.Couplings.ToArray(), Is.EqualTo(couplings));
            Assert.That(trainer.Model.ColumnSums.ToArray(), Is.EqualTo(sums));
            Assert.That(trainer.Model.Version, Is.EqualTo(version));
            Assert.That(trainer.PatternCount, Is.EqualTo(5));
        });
        trainer.Progress = null;
        Assert.That(() => trainer.Train(TestData.RandomBipolar(2, n, 32)), Throws.Nothing, "the trainer still owns the weights");
    }

    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
