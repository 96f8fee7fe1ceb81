using Canns.Models;

namespace Canns.Trainers.Tests.Recall;

/// <summary>
/// Synchronous sign dynamics stop computing once a two-cycle closes; the result must be exactly what running every
/// step gives (the step path runs them all through the model's own Step).
/// </summary>
public class TwoCycleTests
{
    private static HebbianTrainer Swapper(int maxIterations, bool compiled)
    {
        // W = [[0, 1], [1, 0]] swaps the two units: [1, −1] → [−1, 1] → [1, −1] → …
        var net = new AmariHopfieldNetwork(2, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous });
        net.W.CopyFrom([0, 1, 1, 0]);
        var trainer = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = maxIterations, RecordEnergyTrace = true });
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        return trainer;
    }

    [TestCase(5, new float[] { -1, 1 })]
    [TestCase(6, new float[] { 1, -1 })]
    public void Predict_TwoCycle_FinalStateFollowsTheParityOfTheStepLimit(int maxIterations, float[] expected)
    {
        foreach (bool compiled in new[] { true, false })
        {
            var r = Swapper(maxIterations, compiled).Predict([1, -1]);
            Assert.That(r.State, Is.EqualTo(expected), compiled ? "compiled" : "step");
            Assert.That((r.Iterations, r.Converged), Is.EqualTo((maxIterations, false)));
            Assert.That(r.EnergyTrace, Has.Count.EqualTo(maxIterations + 1));
        }
    }

    [Test]
    public void PredictBatch_TwoCycle_EqualsStepPath()
    {
        var probes = Matrix.FromRows([1f, -1f], [-1f, 1f], [1f, 1f]);
        var compiled = Swapper(7, compiled: true).PredictBatch(probes);
        var step = Swapper(7, compiled: false).PredictBatch(probes);
        for (int p = 0; p < probes.Rows; p++)
        {
            Assert.That(compiled[p].SameOutcomeAs(step[p]), Is.True, $"probe {p}");
            Assert.That(compiled[p].EnergyTrace, Is.EqualTo(step[p].EnergyTrace), $"probe {p}");
        }
        Assert.That(compiled[2].Converged, Is.True, "[1, 1] is a fixed point of the swap");
    }

    [TestCase(0f)]
    [TestCase(0.03f)]
    public void Predict_HighLoadManyCycles_CompiledAndBatchEqualStepPath(float threshold)
    {
        int n = 200;
        var patterns = TestData.RandomBipolar(60, n, seed: 21);
        var net = new AmariHopfieldNetwork(n, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous, Threshold = threshold });
        var trainer = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = 25, RecordEnergyTrace = true });
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(patterns);
        var probes = TestData.Flip(patterns, 0.3, seed: 22);

        var batch = trainer.PredictBatch(probes);
        trainer.ConfigureProgress(showProgress: false, useCompile: false);
        int cycles = 0;
        for (int p = 0; p < probes.Rows; p++)
        {
            var step = trainer.Predict(probes.Row(p));
            Assert.That(batch[p].SameOutcomeAs(step), Is.True, $"probe {p}");
            Assert.That(batch[p].EnergyTrace, Is.EqualTo(step.EnergyTrace), $"probe {p}");
            if (!step.Converged) cycles++;
        }
        trainer.ConfigureProgress(showProgress: false, useCompile: true);
        for (int p = 0; p < probes.Rows; p++)
        {
            Assert.That(trainer.Predict(probes.Row(p)).SameOutcomeAs(batch[p]), Is.True, $"single compiled probe {p}");
        }
        Assert.That(cycles, Is.GreaterThan(0), "the load is high enough that some probes end in two-cycles");
    }

    /// <summary>
    /// A probe with a 0: after two steps the same units have changed twice, yet unit 3 went 0 → +1 → −1, so the state is
    /// not the one two steps back and no two-cycle has closed (a test on which units changed, without their values,
    /// would stop there and end in (−1, −1, −1, 1)). Found by a search over small integer W; the step path gives
    /// (−1, 1, −1, 1) after 7 steps, and the compiled paths must too.
    /// </summary>
    [Test]
    public void Predict_UnitsChangeTwiceButNotBack_IsNotATwoCycle()
    {
        float[] w = [0, 0, -3, 3, 0, 0, 0, -1, -3, 0, 0, 1, 3, -1, 1, 0];
        float[] probe = [1, -1, 1, 0];
        RecallResult Run(bool compiled, bool batch)
        {
            var net = new AmariHopfieldNetwork(4, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous });
            net.W.CopyFrom(w);
            var trainer = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = 7 });
            trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
            return batch ? trainer.PredictBatch(Matrix.FromRows(probe, [1f, 1f, 1f, 1f]))[0] : trainer.Predict(probe);
        }

        var step = Run(compiled: false, batch: false);
        Assert.That(step.State, Is.EqualTo(new float[] { -1, 1, -1, 1 }), "the step path, every step run");
        Assert.That(Run(compiled: true, batch: false), Is.EqualTo(step), "compiled, one probe");
        Assert.That(Run(compiled: true, batch: true), Is.EqualTo(step), "compiled, batch");
    }
}
