using Canns.Models;

namespace Canns.Trainers.Tests.LocalRules;

public class LocalRuleTrainerTests
{
    private static readonly LocalRuleOptions Covariance = new() { Centering = RuleCentering.GlobalMean };

    private static float[] TrainWith(LocalRule rule, Matrix x, bool compiled, LocalRuleOptions? options = null, int calls = 1)
    {
        var net = new AmariHopfieldNetwork(x.Columns);
        var trainer = new LocalRuleTrainer(net, rule, options ?? Covariance);
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        for (int c = 0; c < calls; c++) trainer.Train(x);
        return net.W.ToArray();
    }

    private static float[] BuiltInHebbian(Matrix x)
    {
        var net = new AmariHopfieldNetwork(x.Columns);
        new HebbianTrainer(net).Train(x);
        return net.W.ToArray();
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_GlobalMeanCentering_TracesAccumulateTheCentredPattern(bool compiled)
    {
        // x = (1, 3): ρ = 2, the rule sees (−1, 1), and the trace from zero is d·0 + (−1, 1) = (−1, 1) (raw values would
        // give (1, 3)). f = PreTrace, one pattern, η = 1, diagonal kept: W_ij = x̄_j, so W = [[−1, 1], [−1, 1]].
        var net = new AmariHopfieldNetwork(2);
        var trainer = new LocalRuleTrainer(net, LocalRule.FromExpression(s => s.PreTrace),
            new LocalRuleOptions { Centering = RuleCentering.GlobalMean, TraceDecay = 0.5f, ZeroDiagonal = false });
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        trainer.Train(Matrix.FromRows([1f, 3f]));
        Assert.That(net.W.ToArray(), Is.EqualTo(new float[] { -1, 1, -1, 1 }));
        Assert.That(trainer.Trace.ToArray(), Is.EqualTo(new float[] { -1, 1 }));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_StructHebbianRule_EqualsBuiltInHebbian(bool compiled)
    {
        var x = TestData.RandomBipolar(20, 70, seed: 11);
        var w = TrainWith(LocalRule.FromStruct<HebbRule>(), x, compiled);
        Assert.That(w, Is.EqualTo(BuiltInHebbian(x)).Within(1e-5f));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_ExpressionHebbianRule_EqualsBuiltInHebbian(bool compiled)
    {
        var x = TestData.RandomBipolar(20, 70, seed: 12);
        var w = TrainWith(LocalRule.FromExpression((pre, post, w) => post * pre), x, compiled);
        Assert.That(w, Is.EqualTo(BuiltInHebbian(x)).Within(1e-5f));
    }

    [Test]
    public void Train_RealPatternsExpressionHebbian_MatchesNaiveTripleLoop()
    {
        var x = TestData.RandomReal(23, 37, seed: 13);
        var w = TrainWith(LocalRule.FromExpression(s => s.Post * s.Pre), x, compiled: true);
        var expected = TestData.NaiveHebbian(x);
        for (int i = 0; i < 37; i++)
        for (int j = 0; j < 37; j++)
        {
            Assert.That(w[i * 37 + j], Is.EqualTo(expected[i, j]).Within(1e-5), $"W[{i},{j}]");
        }
    }

    [Test]
    public void Train_NonAffineExpression_CompiledEqualsStepExactly()
    {
        // The conditional makes the rule non-affine in x·y: the row kernel runs, summing in the step path's order.
        var x = TestData.RandomReal(9, 45, seed: 14);
        var rule = LocalRule.FromExpression(s => s.Post * s.Pre > 0.1f ? s.Post * s.Pre * (1f - s.W) : MathF.Max(s.Post * s.Pre, -0.2f) - 0.01f * s.W);
        var options = new LocalRuleOptions { Centering = RuleCentering.None, ZeroDiagonal = false, LearningRate = 0.3f };
        var compiled = TrainWith(rule, x, compiled: true, options, calls: 3);
        var step = TrainWith(rule, x, compiled: false, options, calls: 3);
        Assert.That(compiled, Is.EqualTo(step));
        Assert.That(compiled.Any(v => v != 0), Is.True);
    }

    [TestCase(7)]
    [TestCase(8)]
    [TestCase(15)]
    [TestCase(16)]
    [TestCase(17)]
    [TestCase(33)]
    [TestCase(43)]
    public void Train_VectorisedStructRule_CompiledEqualsStepExactly(int neurons)
    {
        var x = TestData.RandomReal(8, neurons, seed: 15);
        var rule = LocalRule.FromStruct<SoftBoundRule>();
        var compiled = TrainWith(rule, x, compiled: true, calls: 3);
        var step = TrainWith(rule, x, compiled: false, calls: 3);
        Assert.That(compiled, Is.EqualTo(step));
    }

    [Test]
    public void Train_AffineExpressionWithSoftBounds_CompiledEqualsStepWithinRounding()
    {
        var x = TestData.RandomBipolar(30, 64, seed: 16);
        var rule = LocalRule.FromExpression(s => s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W);
        var compiled = TrainWith(rule, x, compiled: true, calls: 4);
        var step = TrainWith(rule, x, compiled: false, calls: 4);
        Assert.That(compiled, Is.EqualTo(step).Within(1e-5f));
        Assert.That(((ExpressionLocalRule)rule).Rule.Form, Is.Not.Null, "the Gram form is what the compiled path used");
    }

    [Test]
    public void Train_StructAndExpressionOfSameRule_GiveSameWeights()
    {
        var x = TestData.RandomBipolar(25, 50, seed: 17);
        var fromStruct = TrainWith(LocalRule.FromStruct<SoftBoundRule>(), x, compiled: true, calls: 3);
        var fromExpression = TrainWith(LocalRule.FromExpression(s => s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W), x, compiled: true, calls: 3);
        Assert.That(fromExpression, Is.EqualTo(fromStruct).Within(1e-5f));
    }

    [Test]
    public void Train_TracesThetaAndModulator_CompiledEqualsStepExactly()
    {
        var x = TestData.RandomReal(6, 33, seed: 18);
        float[] theta = Enumerable.Range(0, 33).Select(i => i * 0.01f).ToArray();
        float[] Run(LocalRule rule, bool compiled)
        {
            var net = new AmariHopfieldNetwork(33);
            var trainer = new LocalRuleTrainer(net, rule, new LocalRuleOptions { TraceDecay = 0.8f });
            trainer.ConfigureProgress(false, compiled);
            trainer.SetThresholds(theta);
            trainer.Modulator = 0.5f;
            trainer.Train(x);
            trainer.Train(x);
            return net.W.ToArray();
        }
        var expression = LocalRule.FromExpression(s => (s.PostTrace - s.Theta) * s.PreTrace * s.Modulator - 0.5f * s.W);
        var step = Run(expression, compiled: false);
        Assert.That(Run(expression, compiled: true), Is.EqualTo(step), "expression");
        Assert.That(Run(LocalRule.FromStruct<TraceRule>(), compiled: true), Is.EqualTo(step), "struct");
    }

    [Test]
    public void Train_DynamicCodeUnsupported_ExpressionFallsBackToStepPath()
    {
        var x = TestData.RandomBipolar(10, 40, seed: 19);
        var expected = TrainWith(LocalRule.FromExpression(s => s.Post * s.Pre), x, compiled: false);
        using (CompiledPath.Simulate(supported: false))
        {
            var net = new AmariHopfieldNetwork(40);
            var trainer = new LocalRuleTrainer(net, s => s.Post * s.Pre, Covariance);
            Assert.That(trainer.IsCompiledPathActive, Is.False);
            trainer.Train(x);
            Assert.That(net.W.ToArray(), Is.EqualTo(expected));
        }
    }

    [Test]
    public void PrepareCompiled_SameRuleTwice_CompilesOnceAndReportsTime()
    {
        var first = (ExpressionLocalRule)LocalRule.FromExpression(s => s.Post * s.Pre - 0.0123f * s.W);
        first.PrepareCompiled();
        int count = RuleKernelCompiler.CompiledCount;
        var second = (ExpressionLocalRule)LocalRule.FromExpression(s => s.Post * s.Pre - 0.0123f * s.W);
        second.PrepareCompiled();
        Assert.That(RuleKernelCompiler.CompiledCount, Is.EqualTo(count));
        Assert.That(first.CompileTime, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(second.GramKernel, Is.SameAs(first.GramKernel));
    }

    [Test]
    public void Train_Schedule_UsesRateOfEachUpdate()
    {
        var x = TestData.RandomBipolar(5, 20, seed: 20);
        var net = new AmariHopfieldNetwork(20);
        var trainer = new LocalRuleTrainer(net, s => s.Post * s.Pre, new LocalRuleOptions { Schedule = new FunctionSchedule(t => t == 0 ? 1f : 0f) });
        trainer.Train(x);
        var afterFirst = net.W.ToArray();
        trainer.Train(x);
        Assert.That(net.W.ToArray(), Is.EqualTo(afterFirst), "rate 0 on the second update");
        Assert.That(trainer.UpdateCount, Is.EqualTo(2));
    }

    [Test]
    public void Train_HardBounds_ClampEveryWeight()
    {
        var x = TestData.RandomBipolar(5, 20, seed: 21);
        var net = new AmariHopfieldNetwork(20);
        var trainer = new LocalRuleTrainer(net, s => 10f * s.Post * s.Pre, new LocalRuleOptions { MinWeight = -0.5f, MaxWeight = 0.25f });
        trainer.Train(x);
        Assert.That(net.W.ToArray(), Is.All.InRange(-0.5f, 0.25f));
        Assert.That(net.W.ToArray(), Has.Some.EqualTo(0.25f));
    }

    [Test]
    public void Train_StepPathProgressHandlerThrows_PropagatesItUnwrappedAndChangesNothing()
    {
        // A failing progress handler is not the rule's fault: it must not come back as a LocalRuleException that names
        // a synapse (i = N, j = N) outside the network.
        var net = new AmariHopfieldNetwork(6);
        var trainer = new LocalRuleTrainer(net, LocalRule.FromStruct<HebbRule>());
        trainer.ConfigureProgress(showProgress: true, useCompile: false);
        trainer.Progress = new ThrowingProgress();
        var before = net.W.ToArray();

        Assert.That(() => trainer.Train(TestData.RandomBipolar(3, 6, seed: 4)),
            Throws.InvalidOperationException.With.Message.EqualTo("handler failed"));

        Assert.That(net.W.ToArray(), Is.EqualTo(before));
        Assert.That(trainer.UpdateCount, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_LastProgressReportThrows_ChangesNothing(bool compiled)
    {
        // The handler fails on the call's last report: W, the trace and the update count must still be as before.
        var net = new AmariHopfieldNetwork(6);
        var trainer = new LocalRuleTrainer(net, LocalRule.FromExpression(s => s.Post * s.PreTrace));
        trainer.ConfigureProgress(showProgress: true, useCompile: compiled);
        var data = TestData.RandomBipolar(3, 6, seed: 4);
        trainer.Progress = new SyncProgress<TrainingProgress>(p =>
        {
            if (p.Item == p.Total) throw new InvalidOperationException("handler failed");
        });
        var (w, trace) = (net.W.ToArray(), trainer.Trace.ToArray());

        Assert.That(() => trainer.Train(data), Throws.InvalidOperationException.With.Message.EqualTo("handler failed"));

        Assert.That(net.W.ToArray(), Is.EqualTo(w));
        Assert.That(trainer.Trace.ToArray(), Is.EqualTo(trace));
        Assert.That(trainer.UpdateCount, Is.Zero);
    }

    [TestCase(true, new long[] { 4 })]
    [TestCase(false, new long[] { 1, 2, 3, 4 })]
    public void Train_Progress_StepPathReportsEachPatternOnceCompiledPathOnce(bool compiled, long[] expected)
    {
        var trainer = new LocalRuleTrainer(new AmariHopfieldNetwork(6), LocalRule.FromStruct<HebbRule>());
        trainer.ConfigureProgress(showProgress: true, useCompile: compiled);
        var reports = new List<TrainingProgress>();
        trainer.Progress = new SyncProgress<TrainingProgress>(reports.Add);

        trainer.Train(TestData.RandomBipolar(4, 6, seed: 5));

        Assert.That(reports.Select(r => r.Item), Is.EqualTo(expected));
        Assert.That(reports.Select(r => r.Total), Is.All.EqualTo(4));
    }

    private sealed class ThrowingProgress : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => throw new InvalidOperationException("handler failed");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void ResetTraces_BetweenCalls_SecondCallStartsTheTraceFromZero(bool compiled)
    {
        // f = x̄_j x̄_i with x̄ ← d x̄ + x_p; one batch: w_ij += η (1/P) Σ_p x̄_pj x̄_pi, diagonal zeroed. After the reset the
        // reference builds the second batch's traces from zero.
        const int n = 12;
        const float d = 0.5f, eta = 0.1f;
        var a = TestData.RandomReal(3, n, seed: 61);
        var b = TestData.RandomReal(4, n, seed: 62);
        var net = new AmariHopfieldNetwork(n);
        var trainer = new LocalRuleTrainer(net, LocalRule.FromExpression(s => s.PreTrace * s.PostTrace),
            new LocalRuleOptions { LearningRate = eta, TraceDecay = d });
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        trainer.Train(a);
        var w = net.W.ToArray().Select(v => (double)v).ToArray();

        trainer.ResetTraces();
        Assert.That(trainer.Trace.ToArray(), Is.EqualTo(new float[n]));
        trainer.Train(b);

        var trace = new double[n];
        var sums = new double[n * n];
        for (int p = 0; p < b.Rows; p++)
        {
            for (int j = 0; j < n; j++) trace[j] = d * trace[j] + b[p, j];
            for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) sums[i * n + j] += trace[i] * trace[j];
        }
        var actual = net.W.ToArray();
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            double expected = i == j ? 0 : w[i * n + j] + eta * sums[i * n + j] / b.Rows;
            Assert.That(actual[i * n + j], Is.EqualTo(expected).Within(1e-5), $"W[{i},{j}]");
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_MoreThan65536SynapsesWithDecayAndBounds_MatchesNaiveUpdate(bool compiled)
    {
        // 300 × 300 = 90,000 synapses: the update w ← clamp(w + η((1/P) Σ_p x_pi x_pj − λw), lo, hi) runs in two
        // parallel blocks; every element must still be the documented formula, computed here in double.
        const int n = 300, patterns = 3;
        const float eta = 0.5f, lambda = 0.1f, lo = -0.05f, hi = 0.05f;
        var x = TestData.RandomReal(patterns, n, seed: 71);
        var w0 = TestData.RandomReal(n, n, seed: 72).Data.Select(v => 0.1f * v).ToArray();
        var net = new AmariHopfieldNetwork(n);
        w0.CopyTo(net.W.AsSpan());
        var trainer = new LocalRuleTrainer(net, LocalRule.FromExpression(s => s.Post * s.Pre),
            new LocalRuleOptions { LearningRate = eta, WeightDecay = lambda, MinWeight = lo, MaxWeight = hi });
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);

        trainer.Train(x);

        var w = net.W.ToArray();
        int clampedLow = 0, clampedHigh = 0;
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int p = 0; p < patterns; p++) sum += (double)x[p, i] * x[p, j];
            double expected = i == j ? 0 : Math.Clamp(w0[i * n + j] + eta * (sum / patterns - lambda * w0[i * n + j]), lo, hi);
            if (i != j && expected == lo) clampedLow++;
            if (i != j && expected == hi) clampedHigh++;
            Assert.That(w[i * n + j], Is.EqualTo(expected).Within(1e-6), $"W[{i},{j}]");
        }
        Assert.That((clampedLow, clampedHigh), Is.Not.EqualTo((0, 0)), "the bounds were reached somewhere");
    }
}
