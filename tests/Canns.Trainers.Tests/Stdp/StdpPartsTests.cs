using Canns.Models;

namespace Canns.Trainers.Tests.Stdp;

/// <summary>
/// The event-driven kernel split into parts of whole 16-output vectors that run on different cores: every split must
/// give the dense step path's weights, spikes and state bit for bit, and report the same failure.
/// </summary>
[NonParallelizable]
public class StdpPartsTests
{
    [TearDown]
    public void Restore() => CannsParallelism.MaxDegree = Environment.ProcessorCount;

    private static Matrix Raster(int steps, int width, double p, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(steps, width);
        foreach (ref float s in m.AsSpan()) s = random.NextDouble() < p ? 1f : 0f;
        return m;
    }

    private static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int k = 0; k < bits.Length; k++) bits[k] = BitConverter.SingleToInt32Bits(values[k]);
        return bits;
    }

    private static SpikingLayer Layer(int inputs, int outputs, float threshold) => new(inputs, outputs, new SpikingLayerOptions
    {
        Seed = 22, InitialWeightScale = 0.2f, Threshold = threshold, ResetPotential = threshold - 1f, RefractorySteps = 1,
    });

    private static (int[] W, int[] V, int[] X, int[] Y, int[] R, long Spikes) State(SpikingLayer layer, StdpTrainer trainer) =>
        (Bits(layer.W.AsReadOnlySpan()), Bits(layer.Membrane), Bits(layer.PreTrace), Bits(layer.PostTrace),
            layer.RefractoryRemaining.ToArray(), trainer.LastPostSpikeCount);

    // 37 outputs: three vectors (the last partial), so two parts are 2 + 1 vectors and three parts one each; 100: the
    // benchmark's seven vectors; 150: ten vectors, so one part alone would take the general potentiation loop while two
    // parts of five take the register one. Thresholds: most outputs fire, a few do, and ≤ 0 (padding lanes would fire).
    [Test]
    public void Train_SplitIntoParts_EqualsTheStepPathBitForBit(
        [Values] StdpBounds bounds, [Values(0.5f, 2.5f, -0.5f)] float threshold, [Values(37, 100, 150)] int outputs, [Values(2, 3, 7)] int parts)
    {
        var raster = Raster(300, 203, 0.05, seed: 21);
        var options = new StdpOptions { Bounds = bounds, APlus = 0.01f, AMinus = 0.0105f, MaxWeight = 0.3f };
        (int[] W, int[] V, int[] X, int[] Y, int[] R, long Spikes) Run(bool compiled)
        {
            var layer = Layer(203, outputs, threshold);
            var trainer = new StdpTrainer(layer, options) { PartsOverride = parts };
            trainer.ConfigureProgress(false, compiled);
            trainer.Train(raster);
            return State(layer, trainer);
        }
        var c = Run(true);
        var s = Run(false);
        Assert.That(c.Spikes, Is.EqualTo(s.Spikes).And.GreaterThan(0), "output spikes");
        Assert.That(c.W, Is.EqualTo(s.W), "W, bit for bit");
        Assert.That((c.V, c.X, c.Y, c.R), Is.EqualTo((s.V, s.X, s.Y, s.R)), "state, bit for bit");
    }

    [Test]
    public void TrainClampedAndPredictBatch_SplitIntoParts_EqualTheStepPath([Values] StdpBounds bounds, [Values(2, 3)] int parts)
    {
        const int inputs = 70, outputs = 40;
        var pre = Raster(200, inputs, 0.1, seed: 23);
        var post = Raster(200, outputs, 0.05, seed: 24);
        var options = new StdpOptions { Bounds = bounds, APlus = 0.02f, AMinus = 0.021f, MaxWeight = 0.5f };
        (int[] W, int[] X, int[] Y, float[][] Predicted) Run(bool compiled)
        {
            var layer = Layer(inputs, outputs, 0.8f);
            var trainer = new StdpTrainer(layer, options) { PartsOverride = parts };
            trainer.ConfigureProgress(false, compiled);
            trainer.TrainClamped(pre, post);
            var predicted = trainer.PredictBatch(pre).ToArray();
            return (Bits(layer.W.AsReadOnlySpan()), Bits(layer.PreTrace), Bits(layer.PostTrace), predicted);
        }
        var c = Run(true);
        var s = Run(false);
        Assert.That(c.W, Is.EqualTo(s.W), "W, bit for bit");
        Assert.That((c.X, c.Y), Is.EqualTo((s.X, s.Y)), "traces, bit for bit");
        Assert.That(c.Predicted, Is.EqualTo(s.Predicted), "predicted spikes");
        Assert.That(c.Predicted.Sum(r => r.Sum()), Is.GreaterThan(0), "the prediction has spikes");
    }

    [Test]
    public void Train_NegativeZeroInputTraces_BecomePositiveZeroAsOnTheStepPath([Values(1, 2)] int parts)
    {
        // The kernel decays the input traces from the list of active inputs (d x̄ + 0, then + 1 where one spiked), the
        // step path from the raster's row (d x̄ + s): both must turn a −0 trace into +0, spiking or not.
        var raster = Raster(3, 40, 0.3, seed: 9);
        (int[] X, int[] W) Run(bool compiled)
        {
            var layer = Layer(40, 20, 5f);
            for (int j = 0; j < 40; j++) layer.PreTraceBuffer[j] = -0f;
            var trainer = new StdpTrainer(layer) { PartsOverride = parts };
            trainer.ConfigureProgress(false, compiled);
            trainer.Train(raster);
            return (Bits(layer.PreTrace), Bits(layer.W.AsReadOnlySpan()));
        }
        var c = Run(true);
        var s = Run(false);
        Assert.That(s.X, Does.Not.Contain(int.MinValue), "the step path gives +0");
        Assert.That(c.X, Is.EqualTo(s.X), "input traces, bit for bit");
        Assert.That(c.W, Is.EqualTo(s.W), "W, bit for bit");
    }

    [Test]
    public void Train_BenchmarkSizedLayer_OneAndTwoThreadsGiveIdenticalResults()
    {
        // 1,000 → 100 at 5 % input spikes, the STDP workload (the benchmark's raster): large enough that the trainer splits it on its own
        // when two cores are allowed (an override is not needed), and runs one part on one.
        var raster = Raster(1000, 1000, 0.05, seed: 1);
        (int[] W, int[] V, int[] X, int[] Y, int[] R, long Spikes) Run(int threads)
        {
            CannsParallelism.MaxDegree = threads;
            var layer = new SpikingLayer(1000, 100, new SpikingLayerOptions { Seed = 2, InitialWeightScale = 0.005f, Threshold = 1.45f });
            var trainer = new StdpTrainer(layer);
            trainer.ConfigureProgress(false, true);
            trainer.Train(raster);
            return State(layer, trainer);
        }
        var one = Run(1);
        var two = Run(2);
        Assert.That(one.Spikes, Is.GreaterThan(1000), "outputs fire (about 7 % a step)");
        Assert.That(two.W, Is.EqualTo(one.W), "W, bit for bit");
        Assert.That((two.V, two.X, two.Y, two.R, two.Spikes), Is.EqualTo((one.V, one.X, one.Y, one.R, one.Spikes)), "state, bit for bit");
    }

    [TestCase(120, 290, "output 17")]
    [TestCase(290, 120, "output 35")]
    [TestCase(200, 200, "output 17")]
    public void Train_MembraneOverflowsInTwoParts_ReportsTheEarliestAsTheStepPathDoes(int stepOf17, int stepOf35, string named)
    {
        // Outputs 17 and 35 are in the second and third parts of 40 outputs split in three. Each overflows when its two
        // huge inputs spike together: the failure reported is the earlier one, and at one step the lower output.
        NotFiniteNumberException Fail(bool compiled, out float[] w, out float[] wBefore)
        {
            var layer = new SpikingLayer(6, 40, new SpikingLayerOptions { Seed = 2, InitialWeightScale = 0.1f });
            layer.W.AsSpan()[17 * 6 + 0] = layer.W.AsSpan()[17 * 6 + 1] = -3e38f;
            layer.W.AsSpan()[35 * 6 + 2] = layer.W.AsSpan()[35 * 6 + 3] = -3e38f;
            wBefore = layer.W.ToArray();
            var trainer = new StdpTrainer(layer, new StdpOptions { MinWeight = -float.MaxValue, MaxWeight = 1f }) { PartsOverride = 3 };
            trainer.ConfigureProgress(false, compiled);
            var raster = new Matrix(300, 6);
            raster[stepOf17, 0] = raster[stepOf17, 1] = 1f;
            raster[stepOf35, 2] = raster[stepOf35, 3] = 1f;
            var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(raster))!;
            w = layer.W.ToArray();
            return e;
        }
        var compiled = Fail(true, out var wc, out var wc0);
        var step = Fail(false, out _, out _);
        Assert.That(compiled.Message, Does.Contain(named + " ").And.Contain("overflows float32"));
        Assert.That(compiled.Message, Is.EqualTo(step.Message));
        Assert.That(Bits(wc), Is.EqualTo(Bits(wc0)), "W unchanged");
    }

    [Test]
    public void Train_MembraneOverflowBeforeAFailingSchedule_IsTheFailureReported()
    {
        // The schedule fails at step 250 and output 35's membrane overflows at step 100: run step by step, the overflow
        // comes first, and the kernel, which asks the schedule for every step of a chunk before it runs any, must agree.
        Exception Fail(bool compiled)
        {
            var layer = new SpikingLayer(6, 40, new SpikingLayerOptions { Seed = 2, InitialWeightScale = 0.1f });
            layer.W.AsSpan()[35 * 6 + 2] = layer.W.AsSpan()[35 * 6 + 3] = -3e38f;
            var trainer = new StdpTrainer(layer, new StdpOptions { MinWeight = -float.MaxValue, MaxWeight = 1f, Schedule = new NaNFrom(250) })
            {
                PartsOverride = 2,
            };
            trainer.ConfigureProgress(false, compiled);
            var raster = new Matrix(300, 6);
            raster[100, 2] = raster[100, 3] = 1f;
            return Assert.Catch(() => trainer.Train(raster))!;
        }
        var compiled = Fail(true);
        var step = Fail(false);
        Assert.That(compiled, Is.TypeOf<NotFiniteNumberException>());
        Assert.That(compiled.Message, Is.EqualTo(step.Message).And.Contain("output 35 "));
    }

    [Test]
    public void Train_MembraneOverflowAtTheStepOfAFailingSchedule_IsTheFailureReported([Values(1, 2)] int parts)
    {
        // The schedule fails from step 250 and output 35's membrane overflows at step 250 too. Step by step, the layer
        // integrates a step before the rule asks the schedule for its rate, so the overflow is what the step path reports;
        // the kernel, which stops the parts before a failing schedule's step, must still integrate that step.
        Exception Fail(bool compiled, out int[] w, out int[] w0)
        {
            var layer = new SpikingLayer(6, 40, new SpikingLayerOptions { Seed = 2, InitialWeightScale = 0.1f });
            layer.W.AsSpan()[35 * 6 + 2] = layer.W.AsSpan()[35 * 6 + 3] = -3e38f;
            w0 = Bits(layer.W.AsReadOnlySpan());
            var trainer = new StdpTrainer(layer, new StdpOptions { MinWeight = -float.MaxValue, MaxWeight = 1f, Schedule = new NaNFrom(250) })
            {
                PartsOverride = parts,
            };
            trainer.ConfigureProgress(false, compiled);
            var raster = new Matrix(300, 6);
            raster[250, 2] = raster[250, 3] = 1f;
            var e = Assert.Catch(() => trainer.Train(raster))!;
            w = Bits(layer.W.AsReadOnlySpan());
            return e;
        }
        var compiled = Fail(true, out var wc, out var wc0);
        var step = Fail(false, out var ws, out var ws0);
        Assert.That(step, Is.TypeOf<NotFiniteNumberException>(), "the step path meets the overflow first");
        Assert.That(compiled, Is.TypeOf<NotFiniteNumberException>());
        Assert.That(compiled.Message, Is.EqualTo(step.Message).And.Contain("output 35 "));
        Assert.That((wc, ws), Is.EqualTo((wc0, ws0)), "W unchanged on both paths");
    }

    [Test]
    public void Train_FailingScheduleInAChunk_RunsNothingAndNamesTheStep()
    {
        var layer = new SpikingLayer(6, 40, new SpikingLayerOptions { Seed = 2, InitialWeightScale = 0.1f });
        var w = layer.W.ToArray();
        var trainer = new StdpTrainer(layer, new StdpOptions { Schedule = new NaNFrom(250) }) { PartsOverride = 2 };
        trainer.ConfigureProgress(false, true);
        var raster = Raster(300, 6, 0.3, seed: 4);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Train(raster));

        Assert.That(e!.Message, Does.Contain("250"));
        Assert.That(Bits(layer.W.AsReadOnlySpan()), Is.EqualTo(Bits(w)));
        Assert.That(layer.PreTrace.ToArray(), Is.All.EqualTo(0f), "state as before");
        Assert.That(trainer.StepCount, Is.Zero);
    }

    [Test]
    public void Train_UnboundedWeightsDivergeMidRun_BothPathsReportTheSameFailure(
        [Values(1e37f, 1e38f, 3e38f)] float aPlus, [Values(0.3, 0.05)] double rate, [Values(1, 2)] int parts)
    {
        // Unbounded weights reach ∞ within the run. The membrane input is the sum over the inputs that spiked on both
        // paths: the dense step path used to add 0 · ∞ = NaN for silent inputs and name NaN where the kernel named ∞.
        string Run(bool compiled, out int[] w, out int[] w0)
        {
            var layer = new SpikingLayer(30, 20, new SpikingLayerOptions { Seed = 3, InitialWeightScale = 0.1f });
            w0 = Bits(layer.W.AsReadOnlySpan());
            var trainer = new StdpTrainer(layer, new StdpOptions { Bounds = StdpBounds.None, APlus = aPlus, AMinus = aPlus * 0.9f }) { PartsOverride = parts };
            trainer.ConfigureProgress(false, compiled);
            var pre = Raster(50, 30, rate, seed: 5);
            var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(pre))!;
            w = Bits(layer.W.AsReadOnlySpan());
            return e.Message;
        }
        var c = Run(true, out var wc, out var wc0);
        var s = Run(false, out var ws, out var ws0);
        Assert.That(c, Is.EqualTo(s));
        Assert.That((wc, ws), Is.EqualTo((wc0, ws0)), "W unchanged on both paths");
    }

    [Test]
    public void Train_BadRasterAndWeightsOutsideTheBounds_BothPathsNameTheRaster()
    {
        // Both wrong: the step path checked the raster's values first, the compiled one the weights first.
        string Fail(bool compiled)
        {
            var layer = new SpikingLayer(8, 20, new SpikingLayerOptions { Seed = 2, InitialWeightScale = 0.1f });
            layer.W.AsSpan()[5] = 7f;
            var trainer = new StdpTrainer(layer, new StdpOptions { MaxWeight = 1f });
            trainer.ConfigureProgress(false, compiled);
            var raster = new Matrix(4, 8);
            raster[2, 3] = 0.5f;
            return Assert.Throws<ArgumentException>(() => trainer.Train(raster))!.Message;
        }
        var c = Fail(true);
        var s = Fail(false);
        Assert.That(c, Is.EqualTo(s));
        Assert.That(c, Does.Contain("data"));
    }

    private sealed class NaNFrom(long step) : ILearningRateSchedule
    {
        public float RateAt(long s) => s >= step ? float.NaN : 1f;
    }
}
