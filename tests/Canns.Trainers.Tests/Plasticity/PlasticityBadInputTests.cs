using Canns.Models;

namespace Canns.Trainers.Tests.Plasticity;

public class PlasticityBadInputTests
{
    private RecurrentSpikingNetwork _net = null!;
    private PlasticityTrainer _trainer = null!;
    private float[] _w = null!, _v = null!, _theta = null!;
    private PlasticitySnapshot _snapshot = null!;

    [SetUp]
    public void TrainOnce()
    {
        _net = new RecurrentSpikingNetwork(10, new RecurrentSpikingOptions { Seed = 1, ConnectionProbability = 0.4f });
        _trainer = new PlasticityTrainer(_net, new PlasticityOptions
        {
            StepsPerPattern = 10, Metaplasticity = new MetaplasticityOptions(), Homeostasis = new HomeostasisOptions { Interval = 7 },
        });
        _trainer.ConfigureProgress(false);
        var data = new Matrix(2, 10);
        data.AsSpan().Fill(0.6f);
        _trainer.Train(data);
        (_w, _v, _theta, _snapshot) = (_net.W.ToArray(), _net.Membrane.ToArray(), _trainer.Thresholds.ToArray(), _trainer.Snapshot());
    }

    private void AssertUnchanged()
    {
        Assert.That(_net.W.ToArray(), Is.EqualTo(_w));
        Assert.That(_net.Membrane.ToArray(), Is.EqualTo(_v));
        Assert.That(_trainer.Thresholds.ToArray(), Is.EqualTo(_theta));
        Assert.That(_trainer.Snapshot(), Is.EqualTo(_snapshot));
    }

    [Test]
    public void Train_NonFiniteInput_ThrowsNamingIt()
    {
        var data = new Matrix(2, 10);
        data[1, 3] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(data));
        Assert.That(e!.Message, Does.Contain("row 1, column 3"));
        AssertUnchanged();
    }

    [Test]
    public void Train_WrongWidthOrEmpty_Throws()
    {
        Assert.Throws<ArgumentException>(() => _trainer.Train(new Matrix(2, 9)));
        Assert.Throws<ArgumentException>(() => _trainer.Train(new Matrix(0, 10)));
        Assert.Throws<ArgumentNullException>(() => _trainer.Train(null!));
        AssertUnchanged();
    }

    [Test]
    public void Train_BadRewards_Throw()
    {
        var data = new Matrix(2, 10);
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(data, [1f]));
        Assert.That(e!.Message, Does.Contain("2 patterns but 1 rewards"));
        e = Assert.Throws<ArgumentException>(() => _trainer.Train(data, [1f, float.PositiveInfinity]));
        Assert.That(e!.Message, Does.Contain("pattern 1"));
        AssertUnchanged();
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_RewardTimesRateOverflows_ThrowsAndRollsEverythingBack(bool compiled)
    {
        // Each value is finite and accepted, but η·m = 100 × 1e37 overflows float32 and the update gives NaN.
        var trainer = new PlasticityTrainer(_net, new PlasticityOptions { StepsPerPattern = 10, LearningRate = 100f, Metaplasticity = new MetaplasticityOptions() });
        trainer.ConfigureProgress(false, compiled);
        var theta = trainer.Thresholds.ToArray();
        var data = new Matrix(2, 10);
        data.AsSpan().Fill(0.6f);
        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(data, [1e37f, 1e37f]));
        Assert.That(e!.Message, Does.Contain("W["));
        Assert.That(_net.W.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(_w.Select(BitConverter.SingleToInt32Bits)));
        Assert.That(_net.Membrane.ToArray(), Is.EqualTo(_v));
        Assert.That(trainer.Thresholds.ToArray(), Is.EqualTo(theta));
        Assert.That((trainer.StepCount, trainer.Applications), Is.EqualTo((0L, 0L)));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_InputCurrentOverflowsAMembrane_ThrowsAndRollsEverythingBack(bool compiled)
    {
        // A finite current of −3e38 on neuron 4 of the second pattern: with λ = 0.9 its potential reaches −3e38 · 1.9,
        // beyond float32, at the second step. The membrane used to be kept at −∞ (a silent neuron from then on).
        _trainer.ConfigureProgress(false, compiled);
        var data = new Matrix(2, 10);
        data.AsSpan().Fill(0.6f);
        data[1, 4] = -3e38f;

        var e = Assert.Throws<NotFiniteNumberException>(() => _trainer.Train(data));

        Assert.That(e!.Message, Does.Contain("neuron 4").And.Contain("overflows float32"));
        AssertUnchanged();
        Assert.That(_trainer.StepCount, Is.EqualTo(_snapshot.Step));
    }

    [Test]
    public void Train_WeightAlreadyNaN_ThrowsNamingItBeforeRunning()
    {
        int k = Enumerable.Range(0, _net.Mask.Length).First(i => _net.Mask[i] != 0);
        _net.W.AsSpan()[k] = float.NaN;
        _w = _net.W.ToArray();
        var data = new Matrix(2, 10);
        data.AsSpan().Fill(0.6f);
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(data));
        Assert.That(e!.Message, Does.Contain($"W[{k / 10}, {k % 10}] = {float.NaN}"));
        Assert.That(_net.W.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(_w.Select(BitConverter.SingleToInt32Bits)));
        Assert.That(_trainer.StepCount, Is.EqualTo(_snapshot.Step));
        Assert.That(_net.Membrane.ToArray(), Is.EqualTo(_v));
    }

    [Test]
    public void TrainCurriculum_OneBadStage_ThrowsNamingIt()
    {
        // The message names the stage (as documented) in a curriculum of one stage too, not only of several.
        var bad = new Matrix(1, 10);
        bad[0, 2] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => _trainer.TrainCurriculum([new CurriculumStage("only", bad)]));
        Assert.That(e!.Message, Does.Contain("stage 0 ('only')"));
        Assert.That(e.ParamName, Is.EqualTo("stages"));
        var good = new Matrix(2, 10);
        e = Assert.Throws<ArgumentException>(() => _trainer.TrainCurriculum([new CurriculumStage("rewarded", good, rewards: [1f])]));
        Assert.That(e!.Message, Does.Contain("stage 0 ('rewarded')"));
        AssertUnchanged();
    }

    [Test]
    public void TrainCurriculum_BadStage_ThrowsNamingItAndRunsNoStage()
    {
        var good = new Matrix(1, 10);
        good.AsSpan().Fill(0.8f);
        var bad = new Matrix(1, 10);
        bad[0, 2] = float.NegativeInfinity;
        var e = Assert.Throws<ArgumentException>(() => _trainer.TrainCurriculum([new CurriculumStage("warm-up", good), new CurriculumStage("noisy", bad)]));
        Assert.That(e!.Message, Does.Contain("stage 1 ('noisy')"));
        Assert.Throws<ArgumentException>(() => _trainer.TrainCurriculum([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => _trainer.TrainCurriculum([new CurriculumStage("none", good, epochs: 0)]));
        AssertUnchanged();
    }

    [Test]
    public void Train_CancelledMidway_RollsEverythingBack()
    {
        using var cts = new CancellationTokenSource();
        var data = new Matrix(50, 10);
        data.AsSpan().Fill(0.9f);
        int seen = 0;
        _trainer.Progress = new SyncProgress<TrainingProgress>(_ => { if (++seen == 3) cts.Cancel(); });
        _trainer.ConfigureProgress(showProgress: true);
        var trainer = _trainer;
        Assert.Throws<OperationCanceledException>(() => trainer.Train(data, cts.Token));
        Assert.That(seen, Is.GreaterThanOrEqualTo(3), "cancelled after three patterns, not before starting");
        AssertUnchanged();
    }

    [Test]
    public void PredictBatch_Empty_ThrowsSayingSo()
    {
        var e = Assert.Throws<ArgumentException>(() => _trainer.PredictBatch(new Matrix(0, 10)));
        Assert.That(e!.Message, Does.Contain("empty"));
        AssertUnchanged();
    }

    [Test]
    public void Predict_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => _trainer.Predict(new float[9]));
        Assert.Throws<ArgumentException>(() => _trainer.Predict(Enumerable.Repeat(float.NaN, 10).ToArray()));
        AssertUnchanged();
    }
}
