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

    [TestCase(UpdateMode.Synchronous)]
    [TestCase(UpdateMode.Asynchronous)]
    public void CountFixedPoints_BySweep_EqualsTheGemmCountOnHopfieldNetworks(UpdateMode mode)
    {
        // The sweep-based count (used for dense memories) against the field-based one, on networks where both apply.
        const int N = 100;
        foreach (int p in new[] { 4, 14, 30 })
        {
            var patterns = TestData.RandomBipolar(p, N, seed: 50 + p);
            var net = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = mode });
            new HebbianTrainer(net).Train(patterns);
            IRecurrentNetwork asAnyNetwork = new SweepOnly(net);
            Assert.That(CapacityTrialRunner.CountFixedPoints(asAnyNetwork, patterns), Is.EqualTo(CapacityTrialRunner.CountFixedPoints(net, patterns)), $"P = {p}");
        }
    }

    /// <summary>Hides the concrete type, so the count takes the sweep path.</summary>
    private sealed class SweepOnly(AmariHopfieldNetwork inner) : IRecurrentNetwork
    {
        public string WeightParameterName => inner.WeightParameterName;
        public ParamState W => inner.W;
        public IReadOnlyList<ParamState> Parameters => inner.Parameters;
        public ParamState GetParameter(string name) => inner.GetParameter(name);
        public int Size => inner.Size;
        public ReadOnlySpan<float> State => inner.State;
        public void SetState(ReadOnlySpan<float> pattern) => inner.SetState(pattern);
        public double Energy => inner.Energy;
        public double ComputeEnergy(ReadOnlySpan<float> state) => inner.ComputeEnergy(state);
        public void Step() => inner.Step();
        public void Step(Random random) => inner.Step(random);
        public object SyncRoot => inner.SyncRoot;
    }

    [Test]
    public void CountFixedPoints_TieKeepsTheUnit()
    {
        // W = 0: every field ties with θ = 0, so every state is a fixed point.
        var net = new AmariHopfieldNetwork(4);
        Assert.That(CapacityTrialRunner.CountFixedPoints(net, Matrix.FromRows([1f, -1f, 1f, 1f], [-1f, -1f, 1f, -1f])), Is.EqualTo(2));
    }

    /// <summary>
    /// The 16-unit blocks and the tail of the count (N = 40): W = 0 but for two symmetric pairs, so every other field ties
    /// with θ = 0 and keeps its unit. A pattern that disagrees with a pair breaks, one unit in each block or in the tail.
    /// </summary>
    [Test]
    public void CountFixedPoints_TiesAndBreaksInEveryBlock_AreCountedAsTheSignRuleSays()
    {
        const int N = 40;
        var net = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous });
        var w = net.W.AsSpan();
        w[20 * N + 0] = w[0 * N + 20] = 1f;  // units 0 and 20: the first and second blocks
        w[35 * N + 1] = w[1 * N + 35] = 1f;  // units 1 and 35: the first block and the tail
        net.W.MarkChanged();
        var agree = Enumerable.Repeat(1f, N).ToArray();
        var breaksBlocks = (float[])agree.Clone();
        breaksBlocks[20] = -1f;                // h_20 = s_0 = +1 > 0 and h_0 = s_20 = −1 < 0: both change
        var breaksTail = (float[])agree.Clone();
        breaksTail[35] = -1f;
        var allMinus = Enumerable.Repeat(-1f, N).ToArray();
        var patterns = Matrix.FromRows(agree, breaksBlocks, breaksTail, allMinus);
        Assert.That(CapacityTrialRunner.CountFixedPoints(net, patterns), Is.EqualTo(2));
        var h = new float[N];
        Assert.Multiple(() =>
        {
            Assert.That(CapacityTrialRunner.KeepsEveryUnit(h, breaksBlocks, 0f), Is.True, "every field a tie");
            h[17] = 0.5f;
            Assert.That(CapacityTrialRunner.KeepsEveryUnit(h, agree, 0f), Is.True, "a positive field keeps a +1");
            Assert.That(CapacityTrialRunner.KeepsEveryUnit(h, allMinus, 0f), Is.False, "a positive field turns a −1");
            Assert.That(CapacityTrialRunner.KeepsEveryUnit(h, allMinus, 0.5f), Is.True, "a field equal to θ is a tie");
            Array.Fill(h, -2f);
            Assert.That(CapacityTrialRunner.KeepsEveryUnit(h, agree, -2f), Is.True, "every field a tie with θ = −2");
            h[38] = -3f;
            Assert.That(CapacityTrialRunner.KeepsEveryUnit(h, allMinus, -2f), Is.True, "a field below θ in the tail keeps a −1");
            Assert.That(CapacityTrialRunner.KeepsEveryUnit(h, agree, -2f), Is.False, "a field below θ in the tail turns a +1");
        });
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
