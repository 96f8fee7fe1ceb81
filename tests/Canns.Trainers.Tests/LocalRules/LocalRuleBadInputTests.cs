using System.Linq.Expressions;
using Canns.Models;

namespace Canns.Trainers.Tests.LocalRules;

public class LocalRuleBadInputTests
{
    private static float s_captured = 0.5f;

    [Test]
    public void FromExpression_UnvectorisableCall_ThrowsNamingTheCall()
    {
        var e = Assert.Throws<ArgumentException>(() => LocalRule.FromExpression(s => MathF.Exp(s.Pre) * s.Post));
        Assert.That(e!.Message, Does.Contain("MathF.Exp").And.Contain("cannot vectorise"));
    }

    [Test]
    public void FromExpression_CapturedLocal_ThrowsNamingTheVariable()
    {
        float rate = 0.1f;
        var e = Assert.Throws<ArgumentException>(() => LocalRule.FromExpression(s => rate * s.Post * s.Pre));
        Assert.That(e!.Message, Does.Contain("captures the variable 'rate'"));
        rate = 0.2f;
        Assert.That(rate, Is.EqualTo(0.2f));
    }

    [Test]
    public void FromExpression_StaticField_ThrowsNamingTheMember()
    {
        var e = Assert.Throws<ArgumentException>(() => LocalRule.FromExpression(s => s_captured * s.Pre));
        Assert.That(e!.Message, Does.Contain("s_captured"));
    }

    [Test]
    public void FromExpression_DoubleArithmetic_ThrowsAskingForFloat()
    {
        var e = Assert.Throws<ArgumentException>(() => LocalRule.FromExpression(s => (float)(0.5 * s.Pre)));
        Assert.That(e!.Message, Does.Contain("float"));
    }

    [Test]
    public void Constructor_UnsupportedExpression_ThrowsWhenTheTrainerIsBuilt()
    {
        var net = new AmariHopfieldNetwork(8);
        Assert.Throws<ArgumentException>(() => new LocalRuleTrainer(net, s => MathF.Sin(s.Pre)));
        Assert.That(net.W.ToArray(), Is.All.EqualTo(0f));
    }

    [Test]
    public void Train_WeightsAlreadyNotFinite_AreRefusedBeforeTraining_NotBlamedOnTheRule()
    {
        var net = new AmariHopfieldNetwork(6);
        net.W.AsSpan()[1 * 6 + 4] = float.NaN;
        var before = net.W.ToArray();
        var e = Assert.Throws<ArgumentException>(() => new LocalRuleTrainer(net, s => s.Post * s.Pre).Train(new Matrix(2, 6, [.. Enumerable.Repeat(1f, 12)])));
        Assert.That(e!.Message, Does.Contain("W[1, 4] = NaN before training"));
        Assert.That(net.W.ToArray(), Is.EqualTo(before));

        var layer = new TinyLayer(5, 3, 1);
        layer.W.AsSpan()[2 * 5 + 3] = float.PositiveInfinity;
        var layerBefore = layer.W.ToArray();
        e = Assert.Throws<ArgumentException>(() => new LocalRuleLayerTrainer(layer, s => s.Post * s.Pre).Train(new Matrix(2, 5, [.. Enumerable.Repeat(1f, 10)])));
        Assert.That(e!.Message, Does.Contain("W[2, 3] = Infinity before training"));
        Assert.That(layer.W.ToArray(), Is.EqualTo(layerBefore));
    }

    [Test]
    public void FromExpression_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => LocalRule.FromExpression((Expression<Func<Synapse, float>>)null!));
    }

    [Test]
    public void Constructor_NullRule_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new LocalRuleTrainer(new AmariHopfieldNetwork(4), (LocalRule)null!));
        Assert.Throws<ArgumentNullException>(() => new LocalRuleLayerTrainer(new TinyLayer(3, 2, 1), (LocalRule)null!));
    }

    [Test]
    public void Constructor_OptionsOutOfRange_ListsEveryError()
    {
        var options = new LocalRuleOptions { LearningRate = -1, WeightDecay = float.NaN, MinWeight = 2, MaxWeight = 1, TraceDecay = 0, Epochs = 0 };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LocalRuleTrainer(new AmariHopfieldNetwork(4), LocalRule.FromStruct<HebbRule>(), options));
        Assert.That(e!.Message, Does.Contain("LearningRate").And.Contain("WeightDecay").And.Contain("MinWeight (2)")
            .And.Contain("TraceDecay").And.Contain("Epochs"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_RuleThrows_SurfacesRuleNameAndSynapse(bool compiled)
    {
        var net = new AmariHopfieldNetwork(12);
        net.W.AsSpan().Fill(0.25f);
        var before = net.W.ToArray();
        var x = new Matrix(2, 12);
        x.AsSpan().Fill(1f);
        x[1, 2] = 5f;
        x[1, 3] = 7f;
        var trainer = new LocalRuleTrainer(net, LocalRule.FromStruct<ThrowingRule>("my-rule"), new LocalRuleOptions());
        trainer.ConfigureProgress(false, compiled);
        var e = Assert.Throws<LocalRuleException>(() => trainer.Train(x));
        Assert.That((e!.RuleName, e.Row, e.Column), Is.EqualTo(("my-rule", 2, 3)));
        Assert.That(e.Message, Does.Contain("my-rule").And.Contain("i = 2, j = 3").And.Contain("boom"));
        Assert.That(net.W.ToArray(), Is.EqualTo(before));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_RuleProducesNaN_RollsBackAndNamesLikelyCause(bool compiled)
    {
        var net = new AmariHopfieldNetwork(10);
        var before = net.W.ToArray();
        long version = net.W.Version;
        var trainer = new LocalRuleTrainer(net, s => s.Pre / s.W, new LocalRuleOptions { ZeroDiagonal = false });
        trainer.ConfigureProgress(false, compiled);
        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(TestData.RandomBipolar(3, 10, seed: 1)));
        Assert.That(e!.Message, Does.Contain("division by zero").And.Contain("rolled back"));
        Assert.That(net.W.ToArray(), Is.EqualTo(before));
        Assert.That(net.W.Version, Is.EqualTo(version));
        Assert.That(trainer.UpdateCount, Is.Zero);
    }

    [Test]
    public void Train_ScheduleReturnsNegativeRate_ThrowsAndLeavesModel()
    {
        var layer = new TinyLayer(4, 3, seed: 2);
        var before = layer.W.ToArray();
        var trainer = new LocalRuleLayerTrainer(layer, s => s.Post * s.Pre, new LocalRuleOptions { Schedule = new FunctionSchedule(t => t < 2 ? 0.1f : -1f) });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Train(TestData.RandomReal(5, 4, seed: 3)));
        Assert.That(e!.Message, Does.Contain("schedule returned -1 for update 2"));
        Assert.That(layer.W.ToArray(), Is.EqualTo(before));
        Assert.That(trainer.UpdateCount, Is.Zero);
    }

    [Test]
    public void Train_LayerDiverges_RollsBackWeightsAndTraces()
    {
        var layer = new TinyLayer(6, 4, seed: 4);
        var before = layer.W.ToArray();
        var trainer = new LocalRuleLayerTrainer(layer, s => 1e30f * s.Post * s.Pre + s.W * 1e30f, new LocalRuleOptions { LearningRate = 1f });
        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(TestData.RandomReal(20, 6, seed: 5)));
        Assert.That(e!.Message, Does.Contain("learning rate too large").And.Contain("rolled back"));
        Assert.That(layer.W.ToArray(), Is.EqualTo(before));
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(float.NegativeInfinity)]
    public void Modulator_NotFinite_ThrowsAndKeepsTheOldValue(float bad)
    {
        var trainer = new LocalRuleTrainer(new AmariHopfieldNetwork(4), LocalRule.FromStruct<HebbRule>()) { Modulator = 0.5f };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Modulator = bad);
        Assert.That(e!.Message, Does.Contain("Modulator").And.Contain("finite"));
        Assert.That(trainer.Modulator, Is.EqualTo(0.5f));
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(float.NegativeInfinity)]
    public void LayerModulator_NotFinite_ThrowsAndKeepsTheOldValue(float bad)
    {
        var trainer = new LocalRuleLayerTrainer(new TinyLayer(4, 3, seed: 2), s => s.Post * s.Pre) { Modulator = 0.5f };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Modulator = bad);
        Assert.That(e!.Message, Does.Contain("Modulator").And.Contain("finite"));
        Assert.That(trainer.Modulator, Is.EqualTo(0.5f));
    }

    [Test]
    public void Train_WrongWidth_ThrowsNamingBothSizes()
    {
        var trainer = new LocalRuleLayerTrainer(new TinyLayer(6, 4, seed: 4), s => s.Post * s.Pre);
        var e = Assert.Throws<ArgumentException>(() => trainer.Train(new Matrix(2, 5)));
        Assert.That(e!.Message, Does.Contain("5 columns").And.Contain("6 inputs"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_RuleThrowsInManyRowsOfALargeBatch_SurfacesTheLowestRowUnwrapped(bool compiled)
    {
        // 128 × 128 synapses × 64 patterns reach the compiled path's parallel row loop. Post = 5 at row 60 and at every
        // row from 64 on, Pre = 7 at column 10, in pattern 1: synapses (60, 10) and (64..127, 10) throw. The step path
        // meets (60, 10) first; the parallel loop, which stops taking rows after a failure and gathers the failures in
        // an AggregateException, must surface the same LocalRuleException, unwrapped, however far each thread got.
        const int n = 128;
        var net = new AmariHopfieldNetwork(n);
        var before = net.W.ToArray();
        var x = new Matrix(64, n);
        x.AsSpan().Fill(1f);
        x[1, 60] = 5f;
        for (int i = 64; i < n; i++) x[1, i] = 5f;
        x[1, 10] = 7f;
        var trainer = new LocalRuleTrainer(net, LocalRule.FromStruct<ThrowingRule>("my-rule"), new LocalRuleOptions());
        trainer.ConfigureProgress(false, compiled);

        var e = Assert.Throws<LocalRuleException>(() => trainer.Train(x));

        Assert.That((e!.RuleName, e.Row, e.Column), Is.EqualTo(("my-rule", 60, 10)));
        Assert.That(net.W.ToArray(), Is.EqualTo(before));
    }
}
