using Canns.Models;

namespace Canns.Trainers.Tests.Stdp;

public class StdpBadInputTests
{
    private SpikingLayer _layer = null!;
    private StdpTrainer _trainer = null!;
    private float[] _w = null!, _v = null!, _x = null!, _y = null!;

    [SetUp]
    public void TrainOnce()
    {
        _layer = new SpikingLayer(8, 3, new SpikingLayerOptions { Seed = 1, InitialWeightScale = 0.5f });
        _trainer = new StdpTrainer(_layer);
        _trainer.ConfigureProgress(false);
        var raster = new Matrix(20, 8);
        for (int t = 0; t < 20; t += 2) raster.Row(t).Fill(1f);
        _trainer.Train(raster);
        (_w, _v, _x, _y) = (_layer.W.ToArray(), _layer.Membrane.ToArray(), _layer.PreTrace.ToArray(), _layer.PostTrace.ToArray());
    }

    private void AssertUnchanged()
    {
        Assert.That(_layer.W.ToArray(), Is.EqualTo(_w), "weights");
        Assert.That((_layer.Membrane.ToArray(), _layer.PreTrace.ToArray(), _layer.PostTrace.ToArray()), Is.EqualTo((_v, _x, _y)), "state");
        Assert.That(_trainer.StepCount, Is.EqualTo(20));
    }

    [TestCase(0.5f)]
    [TestCase(2f)]
    [TestCase(-1f)]
    [TestCase(float.NaN)]
    public void Train_NonBinaryRaster_ThrowsNamingRowAndColumn(float bad)
    {
        var raster = new Matrix(5, 8);
        raster[3, 6] = bad;
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(raster));
        Assert.That(e!.Message, Does.Contain("0 or 1").And.Contain("row 3, column 6"));
        AssertUnchanged();
    }

    [Test]
    public void Train_WrongWidth_ThrowsNamingBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(new Matrix(5, 9)));
        Assert.That(e!.Message, Does.Contain("9 columns").And.Contain("8 inputs"));
        AssertUnchanged();
    }

    [Test]
    public void Train_Empty_Throws()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => _trainer.Train(new Matrix(0, 8)))!.Message, Does.Contain("empty"));
        AssertUnchanged();
    }

    [Test]
    public void Train_WeightOutsideBounds_ThrowsNamingIt()
    {
        _layer.W.AsSpan()[9] = 1.5f;
        _w = _layer.W.ToArray();
        var e = Assert.Throws<ArgumentException>(() => _trainer.Train(new Matrix(5, 8)));
        Assert.That(e!.Message, Does.Contain("W[1, 1] = 1.5").And.Contain("[0, 1]"));
        AssertUnchanged();
    }

    [Test]
    public void TrainClamped_PostRasterLengthDiffers_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => _trainer.TrainClamped(new Matrix(5, 8), new Matrix(4, 3)));
        Assert.That(e!.Message, Does.Contain("5 time steps").And.Contain("4"));
        AssertUnchanged();
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_ScheduleReturnsNaN_ThrowsAndRollsBackWeightsAndState(bool compiled)
    {
        var trainer = new StdpTrainer(_layer, new StdpOptions { Schedule = new NaNAfter(3) });
        trainer.ConfigureProgress(false, compiled);
        var raster = new Matrix(10, 8);
        raster.AsSpan().Fill(1f);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Train(raster));
        Assert.That(_layer.W.ToArray(), Is.EqualTo(_w));
        Assert.That((_layer.Membrane.ToArray(), _layer.PreTrace.ToArray(), _layer.PostTrace.ToArray()), Is.EqualTo((_v, _x, _y)));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_UnboundedWeightsOverflow_ThrowsAndRollsBackWeightsAndState(bool compiled)
    {
        // Finite, valid options; without bounds the weights reach 1e38 at the first step, and at the second the sum of
        // the eight active ones overflows float32 in the membrane (before any weight itself does).
        var trainer = new StdpTrainer(_layer, new StdpOptions { Bounds = StdpBounds.None, APlus = 1e38f });
        trainer.ConfigureProgress(false, compiled);
        var raster = new Matrix(10, 8);
        raster.AsSpan().Fill(1f);
        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(raster));
        Assert.That(e!.Message, Does.Contain("membrane potential of output 0").And.Contain("overflows float32"));
        Assert.That(_layer.W.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(_w.Select(BitConverter.SingleToInt32Bits)));
        Assert.That((_layer.Membrane.ToArray(), _layer.PreTrace.ToArray(), _layer.PostTrace.ToArray()), Is.EqualTo((_v, _x, _y)));
        Assert.That(trainer.StepCount, Is.EqualTo(0));
    }

    [Test]
    public void Ctor_BadOptions_ListsEvery()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new StdpTrainer(_layer, new StdpOptions
        {
            APlus = -1, AMinus = float.NaN, LearningRate = float.PositiveInfinity, MinWeight = 1, MaxWeight = 0,
        }));
        Assert.That(e!.Message, Does.Contain("APlus").And.Contain("AMinus").And.Contain("LearningRate").And.Contain("MinWeight (1) must be ≤ MaxWeight (0)"));
    }

    [Test]
    public void Predict_NonBinary_Throws()
    {
        Assert.Throws<ArgumentException>(() => _trainer.Predict([0, 0, 0, 0.5f, 0, 0, 0, 0]));
        AssertUnchanged();
    }

    private sealed class NaNAfter(long step) : ILearningRateSchedule
    {
        public float RateAt(long s) => s >= step ? float.NaN : 1f;
    }

    [Test]
    public void Ctor_UndefinedBoundsAndNonFiniteWeightBounds_ListsEachAndChangesNothing()
    {
        var before = _layer.W.ToArray();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new StdpTrainer(_layer, new StdpOptions
        {
            Bounds = (StdpBounds)7, MinWeight = float.NaN, MaxWeight = float.PositiveInfinity,
        }));

        Assert.That(e!.Message, Does.Contain("Bounds (7) is not a defined bounds mode").And.Contain("MinWeight (NaN) must be finite")
            .And.Contain("MaxWeight (Infinity) must be finite"));
        Assert.That(_layer.W.ToArray(), Is.EqualTo(before));
    }

    [Test]
    public void Ctor_LearningRateTimesAmplitudeOverflowsFloat_ThrowsNamingBoth()
    {
        // 1e20 × 1e20 is ∞ in float32 though each is finite: p = (0 · ∞) x̄ = NaN for every output that did not spike on
        // the dense path, while the event-driven path computes no such synapse; one path failed and the other did not.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new StdpTrainer(_layer, new StdpOptions { LearningRate = 1e20f, APlus = 1e20f, AMinus = 1e20f }));

        Assert.That(e!.Message, Does.Contain("LearningRate × APlus (1E+20 × 1E+20) overflows float32").And.Contain("LearningRate × AMinus"));
        AssertUnchanged();
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_ScheduledRateTimesAmplitudeOverflows_BothPathsRefuseAtThatStep(bool compiled)
    {
        // A silent raster: before, the dense path's 0 · ∞ made every weight NaN (NotFiniteNumberException) while the
        // event-driven path, touching no synapse, accepted the call. Both now refuse the step's η A₊ and change nothing.
        var trainer = new StdpTrainer(_layer, new StdpOptions { APlus = 1e20f, Schedule = new ConstantAfter(2, 1e20f) });
        trainer.ConfigureProgress(false, compiled);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Train(new Matrix(5, 8)));

        Assert.That(e!.Message, Does.Contain("At step 2").And.Contain("overflows float32"));
        Assert.That(_layer.W.ToArray(), Is.EqualTo(_w), "weights");
        Assert.That((_layer.Membrane.ToArray(), _layer.PreTrace.ToArray(), _layer.PostTrace.ToArray()), Is.EqualTo((_v, _x, _y)), "state");
        Assert.That(trainer.StepCount, Is.Zero);
    }

    private sealed class ConstantAfter(long step, float rate) : ILearningRateSchedule
    {
        public float RateAt(long s) => s >= step ? rate : 1f;
    }

    [Test]
    public void Ctor_SoftBoundsWhoseRangeOverflowsFloat_ThrowsNamingThemAndChangesNothing()
    {
        // w_max − w_min = 6e38 is ∞ in float32: the soft rule's p (w_max − w) with p = 0 (an output that did not spike)
        // is then 0 · ∞ = NaN for a weight near w_min, refused after the run as if the amplitudes were too large.
        var before = _layer.W.ToArray();
        var soft = new StdpOptions { Bounds = StdpBounds.Soft, MinWeight = -3e38f, MaxWeight = 3e38f };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new StdpTrainer(_layer, soft));

        Assert.That(e!.Message, Does.Contain("MaxWeight − MinWeight (3E+38 − -3E+38) overflows float32"));
        Assert.That(_layer.W.ToArray(), Is.EqualTo(before));
        Assert.DoesNotThrow(() => new StdpOptions { Bounds = StdpBounds.Hard, MinWeight = -3e38f, MaxWeight = 3e38f }.Validate(), "hard bounds never subtract them");
        Assert.DoesNotThrow(() => new StdpOptions { Bounds = StdpBounds.Soft, MinWeight = -1.7e38f, MaxWeight = 1.7e38f }.Validate(), "3.4e38 is finite");
    }

    [TestCase(0.5f, true)]
    [TestCase(float.NaN, true)]
    [TestCase(0.5f, false)]
    public void Train_NonBinaryValueInAWideRaster_ThrowsNamingRowAndColumnAndChangesNothing(float bad, bool compiled)
    {
        // 40 inputs: the value sits in the compiled path's second 16-wide chunk, which checks whole vectors at once.
        var layer = new SpikingLayer(40, 3, new SpikingLayerOptions { Seed = 1, InitialWeightScale = 0.5f });
        var trainer = new StdpTrainer(layer);
        trainer.ConfigureProgress(false, compiled);
        var w = layer.W.ToArray();
        var raster = new Matrix(6, 40);
        raster.Row(1).Fill(1f);
        raster[4, 21] = bad;

        var e = Assert.Throws<ArgumentException>(() => trainer.Train(raster));

        Assert.That(e!.Message, Does.Contain("0 or 1").And.Contain("row 4, column 21"));
        Assert.That(layer.W.ToArray(), Is.EqualTo(w));
        Assert.That(trainer.StepCount, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_LargeFiniteWeightsWhoseSumOverflows_IsNotADivergence(bool compiled)
    {
        // 3e38 + 3e38 is ∞ in float32 though each weight is finite: a check that only sums W would call this a divergence.
        // Unbounded, with no spike at all, nothing changes.
        var layer = new SpikingLayer(20, 3, new SpikingLayerOptions { Seed = 1, InitialWeightScale = 0.5f });
        layer.W.AsSpan()[0] = 3e38f;
        layer.W.AsSpan()[25] = 3e38f;
        var w = layer.W.ToArray();
        var trainer = new StdpTrainer(layer, new StdpOptions { Bounds = StdpBounds.None });
        trainer.ConfigureProgress(false, compiled);

        Assert.DoesNotThrow(() => trainer.Train(new Matrix(10, 20)));

        Assert.That(layer.W.ToArray(), Is.EqualTo(w));
        Assert.That(trainer.StepCount, Is.EqualTo(10));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_MembraneUpdateOverflows_ThrowsNamingOutputAndChangesNothing(bool compiled)
    {
        // Output 17 (in the second vector of the compiled kernel) has weights −3e38 from inputs 0 and 1, within the
        // bounds [−3.4e38, 1]: when both spike, −6e38 overflows float32. The layer kept −∞, which became NaN later.
        var layer = new SpikingLayer(4, 20, new SpikingLayerOptions { Seed = 2, InitialWeightScale = 0.1f });
        layer.W.AsSpan()[17 * 4 + 0] = -3e38f;
        layer.W.AsSpan()[17 * 4 + 1] = -3e38f;
        var trainer = new StdpTrainer(layer, new StdpOptions { MinWeight = -float.MaxValue, MaxWeight = 1f });
        trainer.ConfigureProgress(false, compiled);
        var warmUp = new Matrix(3, 4);
        warmUp[0, 0] = 1f;
        warmUp[2, 2] = 1f;
        trainer.Train(warmUp);
        var before = (layer.W.ToArray(), layer.Membrane.ToArray(), layer.PreTrace.ToArray(), layer.PostTrace.ToArray(), layer.RefractoryRemaining.ToArray());
        var raster = new Matrix(300, 4);
        raster[290, 0] = raster[290, 1] = 1f;

        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(raster));
        var p = Assert.Throws<NotFiniteNumberException>(() => trainer.PredictBatch(raster));

        Assert.That(e!.Message, Does.Contain("output 17").And.Contain("overflows float32"));
        Assert.That(p!.Message, Is.EqualTo(e.Message));
        Assert.That((layer.W.ToArray(), layer.Membrane.ToArray(), layer.PreTrace.ToArray(), layer.PostTrace.ToArray(), layer.RefractoryRemaining.ToArray()),
            Is.EqualTo(before));
        Assert.That(trainer.StepCount, Is.EqualTo(3));
        Assert.That(layer.Membrane.ToArray(), Is.All.Matches<float>(float.IsFinite));
    }
}
