using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis.Tests.Capacity;

/// <summary>The pieces a capacity cell is made of, against independent calculations.</summary>
public class CapacityTrialRunnerTests
{
    [TestCase(UpdateMode.Synchronous, 0f)]
    [TestCase(UpdateMode.Asynchronous, 0f)]
    [TestCase(UpdateMode.Synchronous, 0.3f)]
    public void CountFixedPoints_EqualsOneStepRecallThatConverges(UpdateMode mode, float threshold)
    {
        const int N = 120;
        // Loads from well below to well above capacity, so the count runs from all patterns to almost none.
        foreach (int p in new[] { 3, 12, 20, 40 })
        {
            var patterns = TestData.RandomBipolar(p, N, seed: p);
            var net = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = mode, Threshold = threshold });
            var trainer = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = 1 });
            trainer.ConfigureProgress(showProgress: false, useCompile: false);
            trainer.Train(patterns);
            int expected = trainer.PredictBatch(patterns).Count(r => r.Converged);
            Assert.That(CapacityTrialRunner.CountFixedPoints(net, patterns), Is.EqualTo(expected), $"P = {p}");
        }
    }

    [Test]
    public void CountFixedPoints_TieKeepsTheUnit()
    {
        // W = 0: every field ties with θ = 0, so every state is a fixed point.
        var net = new AmariHopfieldNetwork(4);
        Assert.That(CapacityTrialRunner.CountFixedPoints(net, Matrix.FromRows([1f, -1f, 1f, 1f], [-1f, -1f, 1f, -1f])), Is.EqualTo(2));
    }

    [Test]
    public void Run_WithAReusedWorkspace_EqualsAFreshOne()
    {
        var small = new CapacityPoint(0, 80, 0.1, 8, 0.1, 8, StorageRule.Hebbian, UpdateMode.Synchronous);
        var large = new CapacityPoint(1, 80, 0.3, 24, 0.1, 8, StorageRule.Hebbian, UpdateMode.Synchronous);
        var reused = new CapacityTrialRunner.Workspace();
        // The workspace first stores more patterns under another seed; the next cell must not see any of them.
        _ = CapacityTrialRunner.Run(large, new CapacityCell(1, 0, 99), 20, reused, CancellationToken.None);
        var again = CapacityTrialRunner.Run(small, new CapacityCell(0, 0, 5), 20, reused, CancellationToken.None);
        var fresh = CapacityTrialRunner.Run(small, new CapacityCell(0, 0, 5), 20, new CapacityTrialRunner.Workspace(), CancellationToken.None);
        Assert.That(again, Is.EqualTo(fresh));
    }
}
