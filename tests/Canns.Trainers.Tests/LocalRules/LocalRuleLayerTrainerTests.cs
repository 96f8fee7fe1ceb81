using Canns.Models;

namespace Canns.Trainers.Tests.LocalRules;

public class LocalRuleLayerTrainerTests
{
    private const float Eta = 0.01f;

    /// <summary>Oja's rule sample by sample in double: y = W x, W += η (y xᵀ − y² W).</summary>
    private static float[] NaiveOja(float[] w0, Matrix x, int outputs)
    {
        int inputs = x.Columns;
        var w = w0.Select(v => (double)v).ToArray();
        for (int s = 0; s < x.Rows; s++)
        {
            var y = new double[outputs];
            for (int i = 0; i < outputs; i++)
            for (int j = 0; j < inputs; j++) y[i] += w[i * inputs + j] * x[s, j];
            for (int i = 0; i < outputs; i++)
            for (int j = 0; j < inputs; j++) w[i * inputs + j] += Eta * (y[i] * x[s, j] - y[i] * y[i] * w[i * inputs + j]);
        }
        return w.Select(v => (float)v).ToArray();
    }

    private static float[] Train(LocalRule rule, Matrix x, bool compiled, int seed = 7)
    {
        var layer = new TinyLayer(x.Columns, 5, seed);
        var trainer = new LocalRuleLayerTrainer(layer, rule, new LocalRuleOptions { LearningRate = Eta });
        trainer.ConfigureProgress(false, compiled);
        trainer.Train(x);
        return layer.W.ToArray();
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_OjaExpression_MatchesNaiveLoop(bool compiled)
    {
        var x = TestData.RandomReal(40, 37, seed: 8);
        var expected = NaiveOja(new TinyLayer(37, 5, 7).W.ToArray(), x, 5);
        var w = Train(LocalRule.FromExpression(s => s.Post * s.Pre - s.Post * s.Post * s.W), x, compiled);
        Assert.That(w, Is.EqualTo(expected).Within(1e-5f));
    }

    [Test]
    public void Train_ExpressionAndStruct_CompiledEqualsStepExactly()
    {
        var x = TestData.RandomReal(30, 41, seed: 9);
        var expression = LocalRule.FromExpression(s => (s.PostTrace - s.Theta) * s.PreTrace * s.Modulator - 0.5f * s.W);
        var step = Train(expression, x, compiled: false);
        Assert.That(Train(expression, x, compiled: true), Is.EqualTo(step));
        Assert.That(Train(LocalRule.FromStruct<TraceRule>(), x, compiled: true), Is.EqualTo(step));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_InfiniteChangeWithHardBounds_ThrowsInsteadOfClampingAndRollsBack(bool compiled)
    {
        // 1/(pre − pre) is ∞ (or NaN): the hard bounds must not turn it into a finite weight.
        var layer = new TinyLayer(4, 2, seed: 3);
        var before = layer.W.ToArray();
        var trainer = new LocalRuleLayerTrainer(layer, LocalRule.FromExpression(s => s.Post / (s.Pre - s.Pre), name: "divide-by-zero"),
            new LocalRuleOptions { MinWeight = -1f, MaxWeight = 1f });
        trainer.ConfigureProgress(false, compiled);
        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(TestData.RandomReal(3, 4, seed: 4)));
        Assert.That(e!.Message, Does.Contain("divide-by-zero"));
        Assert.That(layer.W.ToArray(), Is.EqualTo(before));
    }

    [Test]
    public void Predict_ReturnsForwardOutput()
    {
        var layer = new TinyLayer(3, 2, seed: 1);
        var trainer = new LocalRuleLayerTrainer(layer, s => s.Post * s.Pre);
        var y = new float[2];
        layer.Forward([1f, 2f, 3f], y);
        Assert.That(trainer.Predict([1f, 2f, 3f]), Is.EqualTo(y));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void SetThresholds_RuleReadsTheta_AddsEtaThetaTimesInputPerSample(bool compiled)
    {
        // f = θ_i x_j does not depend on W or y: W = W0 + η θ_i Σ_s x_sj, summed here sample by sample in float.
        var x = TestData.RandomReal(6, 9, seed: 51);
        var layer = new TinyLayer(9, 3, seed: 52);
        var w0 = layer.W.ToArray();
        float[] theta = [0.5f, -2f, 0f];
        var trainer = new LocalRuleLayerTrainer(layer, LocalRule.FromExpression(s => s.Theta * s.Pre), new LocalRuleOptions { LearningRate = Eta });
        trainer.ConfigureProgress(false, compiled);

        trainer.SetThresholds(theta);
        theta[0] = 7f;
        trainer.Train(x);

        Assert.That(trainer.Thresholds.ToArray(), Is.EqualTo(new[] { 0.5f, -2f, 0f }), "the trainer keeps its own copy");
        float[] expectedTheta = [0.5f, -2f, 0f];
        var w = layer.W.ToArray();
        for (int i = 0; i < 3; i++)
        for (int j = 0; j < 9; j++)
        {
            float expected = w0[i * 9 + j];
            for (int s = 0; s < x.Rows; s++) expected += Eta * (expectedTheta[i] * x[s, j]);
            Assert.That(w[i * 9 + j], Is.EqualTo(expected).Within(1e-6f), $"W[{i},{j}]");
        }
    }

    [TestCase(2)]
    [TestCase(4)]
    public void SetThresholds_WrongLength_ThrowsNamingBothLengthsAndKeepsTheOld(int length)
    {
        var trainer = new LocalRuleLayerTrainer(new TinyLayer(4, 3, seed: 1), LocalRule.FromExpression(s => s.Theta * s.Pre));
        trainer.SetThresholds([1f, 2f, 3f]);

        var e = Assert.Throws<ArgumentException>(() => trainer.SetThresholds(new float[length]));

        Assert.That(e!.ParamName, Is.EqualTo("thresholds"));
        Assert.That(e.Message, Does.Contain($"length {length}").And.Contain("3"));
        Assert.That(trainer.Thresholds.ToArray(), Is.EqualTo(new[] { 1f, 2f, 3f }));
    }

    [TestCase(float.NaN)]
    [TestCase(float.NegativeInfinity)]
    public void SetThresholds_NotFinite_ThrowsAndKeepsTheOld(float bad)
    {
        var trainer = new LocalRuleLayerTrainer(new TinyLayer(4, 3, seed: 1), LocalRule.FromExpression(s => s.Theta * s.Pre));
        trainer.SetThresholds([1f, 2f, 3f]);

        var e = Assert.Throws<ArgumentException>(() => trainer.SetThresholds([0f, bad, 0f]));

        Assert.That(e!.ParamName, Is.EqualTo("thresholds"));
        Assert.That(trainer.Thresholds.ToArray(), Is.EqualTo(new[] { 1f, 2f, 3f }));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void ResetTraces_BetweenCalls_SecondCallStartsBothTracesFromZero(bool compiled)
    {
        // f = x̄_j − ȳ_i with x̄ ← d x̄ + x, ȳ ← d ȳ + y, y = W x, updated before the rule at each sample. After the reset
        // the reference runs the second batch from zero traces on the weights the first batch left.
        const float d = 0.5f;
        var a = TestData.RandomReal(4, 6, seed: 53);
        var b = TestData.RandomReal(3, 6, seed: 54);
        var layer = new TinyLayer(6, 2, seed: 55);
        var trainer = new LocalRuleLayerTrainer(layer, LocalRule.FromExpression(s => s.PreTrace - s.PostTrace),
            new LocalRuleOptions { LearningRate = Eta, TraceDecay = d });
        trainer.ConfigureProgress(false, compiled);
        trainer.Train(a);
        var w = layer.W.ToArray();

        trainer.ResetTraces();
        trainer.Train(b);

        float[] pre = new float[6], post = new float[2];
        for (int s = 0; s < b.Rows; s++)
        {
            for (int i = 0; i < 2; i++)
            {
                float y = 0;
                for (int j = 0; j < 6; j++) y += w[i * 6 + j] * b[s, j];
                post[i] = d * post[i] + y;
            }
            for (int j = 0; j < 6; j++) pre[j] = d * pre[j] + b[s, j];
            for (int i = 0; i < 2; i++)
            for (int j = 0; j < 6; j++) w[i * 6 + j] += Eta * (pre[j] - post[i]);
        }
        Assert.That(layer.W.ToArray(), Is.EqualTo(w).Within(1e-5f));
    }
}
