using Canns.Models;

namespace Canns.Trainers.Tests.Recall;

public class RecallTests
{
    private static (AmariHopfieldNetwork net, HebbianTrainer trainer, Matrix patterns) Stored(
        int n, double load, Activation activation = Activation.Sign, UpdateMode mode = UpdateMode.Synchronous, int seed = 1, float threshold = 0)
    {
        var patterns = TestData.RandomBipolar(Math.Max(1, (int)(load * n)), n, seed);
        var net = new AmariHopfieldNetwork(n, new AmariHopfieldOptions
        {
            Activation = activation, UpdateMode = mode, Temperature = 0.5f, Threshold = threshold, Seed = seed,
        });
        var trainer = new HebbianTrainer(net, recall: new RecallOptions { RecordEnergyTrace = true, Seed = seed });
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(patterns);
        return (net, trainer, patterns);
    }

    [TestCase(UpdateMode.Synchronous)]
    [TestCase(UpdateMode.Asynchronous)]
    public void Predict_StoredPatternsAtLowLoad_AreFixedPoints(UpdateMode mode)
    {
        var (_, trainer, patterns) = Stored(200, 0.05, mode: mode);
        for (int p = 0; p < patterns.Rows; p++)
        {
            var r = trainer.Predict(patterns.Row(p));
            Assert.That(r.State, Is.EqualTo(patterns.Row(p).ToArray()), $"pattern {p}");
            Assert.That((r.Iterations, r.Converged), Is.EqualTo((1, true)));
        }
    }

    [TestCase(UpdateMode.Synchronous)]
    [TestCase(UpdateMode.Asynchronous)]
    public void Predict_TenPercentNoiseAtLoadFivePercent_Recalls(UpdateMode mode)
    {
        var (_, trainer, patterns) = Stored(1000, 0.05, mode: mode, seed: 2);
        var probes = TestData.Flip(patterns, 0.1, seed: 3);
        var results = trainer.PredictBatch(probes);
        for (int p = 0; p < patterns.Rows; p++)
        {
            Assert.That(TestData.Overlap(results[p].State, patterns.Row(p)), Is.EqualTo(1.0), $"pattern {p}");
        }
    }

    private static IEnumerable<TestCaseData> Configurations()
    {
        foreach (var activation in new[] { Activation.Sign, Activation.Tanh, Activation.Sigmoid })
        foreach (var mode in new[] { UpdateMode.Synchronous, UpdateMode.Asynchronous })
        foreach (float threshold in new[] { 0f, 0.05f })
        {
            yield return new TestCaseData(activation, mode, threshold);
        }
    }

    [TestCaseSource(nameof(Configurations))]
    public void Predict_CompiledPath_EqualsStepPathExactly(Activation activation, UpdateMode mode, float threshold)
    {
        var (_, trainer, patterns) = Stored(150, 0.1, activation, mode, seed: 4, threshold: threshold);
        var probes = TestData.Flip(patterns, 0.2, seed: 5);
        for (int p = 0; p < probes.Rows; p++)
        {
            trainer.ConfigureProgress(false, useCompile: true);
            var compiled = trainer.Predict(probes.Row(p));
            trainer.ConfigureProgress(false, useCompile: false);
            var step = trainer.Predict(probes.Row(p));
            Assert.That(compiled.SameOutcomeAs(step), Is.True, $"probe {p}: compiled {compiled.Iterations}/{compiled.Energy} vs step {step.Iterations}/{step.Energy}");
            Assert.That(compiled.EnergyTrace, Is.EqualTo(step.EnergyTrace), $"probe {p} energy trace");
        }
    }

    [TestCaseSource(nameof(Configurations))]
    public void PredictBatch_EqualsPredictOneByOne(Activation activation, UpdateMode mode, float threshold)
    {
        var (_, trainer, patterns) = Stored(150, 0.1, activation, mode, seed: 6, threshold: threshold);
        var probes = TestData.Flip(patterns, 0.25, seed: 7);
        var batch = trainer.PredictBatch(probes);
        for (int p = 0; p < probes.Rows; p++)
        {
            var single = trainer.Predict(probes.Row(p));
            Assert.That(batch[p].SameOutcomeAs(single), Is.True, $"probe {p}");
            Assert.That(batch[p].EnergyTrace, Is.EqualTo(single.EnergyTrace), $"probe {p} energy trace");
        }
    }

    [Test]
    public void Predict_AsynchronousSign_EnergyTraceNeverIncreases()
    {
        var (_, trainer, patterns) = Stored(300, 0.12, mode: UpdateMode.Asynchronous, seed: 8, threshold: 0.02f);
        var probes = TestData.Flip(patterns, 0.3, seed: 9);
        foreach (var r in trainer.PredictBatch(probes))
        {
            var trace = r.EnergyTrace!;
            for (int t = 1; t < trace.Count; t++) Assert.That(trace[t], Is.LessThanOrEqualTo(trace[t - 1] + 1e-9));
        }
    }

    [Test]
    public void Predict_EnergyMatchesModelEnergyOfFinalState()
    {
        var (net, trainer, patterns) = Stored(100, 0.05, seed: 10, threshold: 0.1f);
        var r = trainer.Predict(TestData.Flip(patterns, 0.1, seed: 11).Row(0));
        Assert.That(r.Energy, Is.EqualTo(net.ComputeEnergy(r.State)));
    }

    [Test]
    public void Predict_LeavesModelStateUnchanged([Values] bool compiled)
    {
        var (net, trainer, patterns) = Stored(64, 0.05);
        trainer.ConfigureProgress(false, compiled);
        net.SetState(patterns.Row(0));
        long version = net.W.Version;
        trainer.Predict(TestData.Flip(patterns, 0.3, seed: 1).Row(0));
        Assert.That(net.State.ToArray(), Is.EqualTo(patterns.Row(0).ToArray()));
        Assert.That(net.W.Version, Is.EqualTo(version));
    }

    [Test]
    public void Predict_DynamicCodeUnsupported_FallsBackToStepPath()
    {
        var (_, trainer, patterns) = Stored(64, 0.05);
        var reports = new List<TrainingProgress>();
        trainer.Progress = new Hebbian.SyncProgress(reports);
        trainer.ConfigureProgress(showProgress: true, useCompile: true);
        using (CompiledPath.Simulate(supported: false))
        {
            Assert.That(trainer.IsCompiledPathActive, Is.False);
            var r = trainer.Predict(TestData.Flip(patterns, 0.1, seed: 2).Row(0));
            Assert.That(r.Converged, Is.True);
        }
        // The step path reports every iteration with its energy; the compiled path reports once at the end.
        Assert.That(reports.Count(rep => rep.Phase == TrainingPhase.Predicting && rep.Energy is not null), Is.GreaterThanOrEqualTo(2));
        Assert.That(trainer.IsCompiledPathActive, Is.True);
    }

    [Test]
    public void Predict_ManyThreadsAtOnce_GiveTheSameResults([Values] bool compiled)
    {
        var (_, trainer, patterns) = Stored(128, 0.1, mode: UpdateMode.Asynchronous);
        trainer.ConfigureProgress(false, compiled);
        var probes = TestData.Flip(patterns, 0.2, seed: 3);
        var expected = Enumerable.Range(0, probes.Rows).Select(p => trainer.Predict(probes.Row(p))).ToArray();
        var actual = new RecallResult[probes.Rows * 4];
        Parallel.For(0, actual.Length, i => actual[i] = trainer.Predict(probes.Row(i % probes.Rows)));
        for (int i = 0; i < actual.Length; i++) Assert.That(actual[i].SameOutcomeAs(expected[i % probes.Rows]), Is.True);
    }

    [Test]
    public void Predict_StepLimit_ReportsNotConverged()
    {
        var (_, trainer, patterns) = Stored(200, 0.3, seed: 12);
        trainer.SetRecallOptions(new RecallOptions { MaxIterations = 1 });
        var results = trainer.PredictBatch(TestData.Flip(patterns, 0.3, seed: 13));
        Assert.That(results.Any(r => !r.Converged), Is.True);
        Assert.That(results, Has.All.Property(nameof(RecallResult.Iterations)).EqualTo(1));
    }

    [Test]
    public void Predict_RingAttractorRatesChangeLessThanTolerance_ConvergesByTolerance()
    {
        // No couplings, no input, η = 0.5: r ← r/2 each step, so the largest change after step t is 2⁻ᵗ. The rates are
        // continuous, so recall must stop at the first step whose change is below the tolerance (t = 10: 2⁻¹⁰ < 1e-3),
        // not wait for the rates to stop changing exactly (which takes ~150 halvings down to 0).
        var net = new RingAttractorNetwork(8, new RingAttractorOptions { Coupling = RingCoupling.None, StepSize = 0.5f });
        var trainer = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = 50, Tolerance = 1e-3 });
        trainer.ConfigureProgress(showProgress: false);

        var result = trainer.Predict(Enumerable.Repeat(1f, 8).ToArray());

        Assert.That((result.Converged, result.Iterations), Is.EqualTo((true, 10)));
        Assert.That(result.State, Is.All.EqualTo(MathF.Pow(0.5f, 10)));
    }
}
