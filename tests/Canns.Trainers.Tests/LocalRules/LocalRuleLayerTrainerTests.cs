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
}
