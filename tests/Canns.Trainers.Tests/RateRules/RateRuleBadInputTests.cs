using Canns.Models;

namespace Canns.Trainers.Tests.RateRules;

public class RateRuleBadInputTests
{
    private LinearLayer _layer = null!;
    private BcmTrainer _trainer = null!;
    private float[] _w = null!;
    private float[] _theta = null!;

    private static IEnumerable<bool> Paths() => [true, false];

    [SetUp]
    public void TrainOnce()
    {
        _layer = new LinearLayer(6, 2, new LinearLayerOptions { Seed = 1, SlidingThreshold = true, ThresholdTimeConstant = 10 });
        _trainer = new BcmTrainer(_layer, new BcmOptions { LearningRate = 0.01f });
        _trainer.ConfigureProgress(false);
        _trainer.Train(TestData.RandomReal(10, 6, seed: 2));
        _w = _layer.W.ToArray();
        _theta = _trainer.Theta.ToArray();
    }

    private void AssertUnchanged()
    {
        Assert.That(_layer.W.ToArray(), Is.EqualTo(_w), "weights must be exactly as before");
        Assert.That(_trainer.Theta.ToArray(), Is.EqualTo(_theta), "θ must be exactly as before");
        Assert.That((_trainer.StepCount, _trainer.EpochCount), Is.EqualTo((10L, 1L)), "counters as before");
    }

    [TestCase(float.NaN)]
    [TestCase(float.NegativeInfinity)]
    public void Train_NonFiniteData_ThrowsNamingRowAndColumn(float bad)
    {
        var x = TestData.RandomReal(4, 6, seed: 3);
        x[1, 4] = bad;
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(x));
        Assert.That(e!.Message, Does.Contain("non-finite").And.Contain("row 1, column 4"));
        AssertUnchanged();
    }

    [Test]
    public void Train_WrongWidth_ThrowsNamingBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(TestData.RandomReal(4, 7, seed: 3)));
        Assert.That(e!.Message, Does.Contain("7 columns").And.Contain("6 inputs"));
        AssertUnchanged();
    }

    [Test]
    public void Train_Empty_Throws()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => _trainer.Train(new Matrix(0, 6)))!.Message, Does.Contain("empty"));
        AssertUnchanged();
    }

    [TestCaseSource(nameof(Paths))]
    public void Train_ScheduleReturnsNaNMidway_ThrowsAndRollsBack(bool compiled)
    {
        var trainer = new BcmTrainer(_layer, new BcmOptions { Schedule = new NaNAfter(5) });
        trainer.ConfigureProgress(false, compiled);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Train(TestData.RandomReal(10, 6, seed: 4)));
        Assert.That(e!.Message, Does.Contain("NaN").And.Contain("step 5"));
        AssertUnchanged();
        Assert.That(trainer.StepCount, Is.Zero);
    }

    [TestCaseSource(nameof(Paths))]
    public void Train_Diverging_ThrowsSuggestingLearningRateAndRollsBack(bool compiled)
    {
        var trainer = new BcmTrainer(_layer, new BcmOptions { LearningRate = 1e30f, Epochs = 3 });
        trainer.ConfigureProgress(false, compiled);
        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(TestData.RandomReal(50, 6, seed: 5)));
        Assert.That(e!.Message, Does.Contain("non-finite").And.Contain("learning rate"));
        Assert.That(double.IsFinite(e.OffendingNumber), Is.False, "the offending value is the non-finite one");
        AssertUnchanged();
    }

    [Test]
    public void Train_OjaAndSangerDiverging_ThrowNotFiniteNumberExceptionLikeEveryTrainerAndRollBack(
        [Values("oja", "sanger")] string rule, [Values(true, false)] bool compiled)
    {
        // The same exception as STDP, the plasticity toolkit, local rules, Storkey and CommitIfFinite give for an update
        // that leaves W non-finite: η = 1e30 makes W x overflow within a few samples of O(1) data.
        var layer = new LinearLayer(6, 2, new LinearLayerOptions { Seed = 3 });
        var w = layer.W.ToArray();
        LinearRuleTrainer trainer = rule == "oja"
            ? new OjaTrainer(layer, new OjaOptions { LearningRate = 1e30f, Epochs = 3 })
            : new SangerTrainer(layer, new SangerOptions { LearningRate = 1e30f, Epochs = 3 });
        trainer.ConfigureProgress(false, compiled);
        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(TestData.RandomReal(50, 6, seed: 5)));
        Assert.That(e!.Message, Does.Contain("non-finite").And.Contain("learning rate (1E+30)"));
        Assert.That(layer.W.ToArray(), Is.EqualTo(w), "weights must be exactly as before");
        Assert.That(trainer.StepCount, Is.Zero);
    }

    [TestCaseSource(nameof(Paths))]
    public void Train_HugeButFiniteWeights_AreNotMistakenForDivergence(bool compiled)
    {
        var layer = new LinearLayer(4, 1, new LinearLayerOptions { Seed = 1, SlidingThreshold = true, ThresholdTimeConstant = 10 });
        layer.W.AsSpan().Fill(3e38f);   // each finite; their float sum overflows
        var trainer = new BcmTrainer(layer, new BcmOptions { LearningRate = 0.01f });
        trainer.ConfigureProgress(false, compiled);
        trainer.Train(new Matrix(3, 4));   // zero inputs: y = 0, so W does not move
        Assert.That(layer.W.ToArray(), Is.All.EqualTo(3e38f));
        Assert.That(trainer.StepCount, Is.EqualTo(3));
    }

    [TestCaseSource(nameof(Paths))]
    public void Train_WeightAlreadyNotFinite_ThrowsNamingItInsteadOfTheLearningRate(bool compiled)
    {
        _layer.W.AsSpan()[7] = float.PositiveInfinity;
        _w = _layer.W.ToArray();
        _trainer.ConfigureProgress(false, compiled);
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(TestData.RandomReal(5, 6, seed: 6)));
        Assert.That(e!.Message, Does.Contain($"W[1, 1] = {float.PositiveInfinity}"));
        AssertUnchanged();
    }

    [Test]
    public void Train_Cancelled_ThrowsAndLeavesModelUnchanged()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => _trainer.Train(TestData.RandomReal(4, 6, seed: 3), cts.Token));
        AssertUnchanged();
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(-0.1f)]
    public void Ctor_BadLearningRate_ThrowsNamingIt(float rate)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new OjaTrainer(_layer, new OjaOptions { LearningRate = rate }));
        Assert.That(e!.Message, Does.Contain("LearningRate"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SangerTrainer(_layer, new SangerOptions { LearningRate = rate }));
    }

    [Test]
    public void Ctor_SeveralBadOptions_ListsEvery()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new BcmTrainer(_layer, new BcmOptions { Epochs = 0, LearningRate = float.NaN, MinWeight = 2, MaxWeight = 1 }));
        Assert.That(e!.Message, Does.Contain("Epochs").And.Contain("LearningRate").And.Contain("MinWeight (2) must be ≤ MaxWeight (1)"));
    }

    [Test]
    public void Predict_WrongLength_ThrowsNamingBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => _trainer.Predict(new float[5]));
        Assert.That(e!.Message, Does.Contain("5").And.Contain("6 inputs"));
    }

    [Test]
    public void PredictBatch_NaN_Throws()
    {
        var x = TestData.RandomReal(3, 6, seed: 6);
        x[2, 0] = float.NaN;
        Assert.Throws<ArgumentException>(() => _trainer.PredictBatch(x));
    }

    [TestCaseSource(nameof(Paths))]
    public void PredictBatch_Cancelled_ThrowsOnBothPaths(bool compiled)
    {
        _trainer.ConfigureProgress(false, compiled);
        Assert.Throws(Is.InstanceOf<OperationCanceledException>(),
            () => _trainer.PredictBatch(TestData.RandomReal(3, 6, seed: 7), new CancellationToken(true)));
    }

    private sealed class NaNAfter(long step) : ILearningRateSchedule
    {
        public float RateAt(long s) => s >= step ? float.NaN : 0.01f;
    }
}
