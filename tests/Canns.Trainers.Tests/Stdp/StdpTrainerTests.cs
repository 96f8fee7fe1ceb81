using Canns.Models;

namespace Canns.Trainers.Tests.Stdp;

public class StdpTrainerTests
{
    private const float APlus = 0.005f, AMinus = 0.00525f, Decay = 0.95f;

    private static SpikingLayer Layer(int inputs, int outputs, int seed = 1, float decay = Decay, int refractory = 0, float scale = 0.1f) =>
        new(inputs, outputs, new SpikingLayerOptions
        {
            Seed = seed, PreTraceDecay = decay, PostTraceDecay = decay, RefractorySteps = refractory, InitialWeightScale = scale,
        });

    private static Matrix Raster(int steps, int width, double p, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(steps, width);
        foreach (ref float s in m.AsSpan()) s = random.NextDouble() < p ? 1f : 0f;
        return m;
    }

    private static StdpTrainer Trainer(SpikingLayer layer, bool compiled, StdpOptions? options = null)
    {
        var t = new StdpTrainer(layer, options);
        t.ConfigureProgress(false, compiled);
        return t;
    }

    [Test]
    public void Options_Defaults_ArePinned()
    {
        var o = new StdpOptions();
        Assert.That((o.APlus, o.AMinus, o.LearningRate, o.Schedule, o.Bounds, o.MinWeight, o.MaxWeight),
            Is.EqualTo((0.005f, 0.00525f, 1f, (ILearningRateSchedule?)null, StdpBounds.Hard, 0f, 1f)));
    }

    private static IEnumerable<TestCaseData> Offsets()
    {
        foreach (bool compiled in new[] { true, false })
        for (int dt = -50; dt <= 50; dt++) yield return new TestCaseData(dt, compiled);
    }

    [TestCaseSource(nameof(Offsets))]
    public void TrainClamped_PrePostPair_ReproducesPairWindowExactly(int dt, bool compiled)
    {
        var layer = Layer(1, 1);
        layer.W.AsSpan()[0] = 0f;
        var pre = new Matrix(120, 1);
        var post = new Matrix(120, 1);
        pre[60, 0] = 1f;
        post[60 + dt, 0] = 1f;
        Trainer(layer, compiled, new StdpOptions { Bounds = StdpBounds.None }).TrainClamped(pre, post);

        // The trace after |Δt| steps, computed with the float operations the rule documents: d·x̄ + 0, |Δt| times.
        float trace = 1f;
        for (int k = 0; k < Math.Abs(dt); k++) trace = Decay * trace + 0f;
        float expected = dt > 0 ? APlus * trace : dt < 0 ? -(AMinus * trace) : APlus - AMinus;
        double window = dt > 0 ? APlus * Math.Pow(Decay, dt) : dt < 0 ? -AMinus * Math.Pow(Decay, -dt) : APlus - AMinus;
        float w = layer.W.AsReadOnlySpan()[0];
        Assert.That(w, Is.EqualTo(expected), "exactly the rule's float result");
        Assert.That(w, Is.EqualTo(window).Within(1e-5 * Math.Abs(window)), "the pair window A₊d₊^Δt / −A₋d₋^(−Δt)");
    }

    [TestCase(3, true)]
    [TestCase(3, false)]
    [TestCase(-4, true)]
    [TestCase(-4, false)]
    public void TrainClamped_PairWithRateAndSoftBounds_ScalesTheWindowAsDocumented(int dt, bool compiled)
    {
        // The class summary: η A₊ d₊^Δt times (w_max − w) for pre before post, −η A₋ d₋^|Δt| times (w − w_min) for post
        // before pre. η = 0.5, w = 0.25 in [0, 1]: Δt = 3 gives 0.5·0.005·0.95³·0.75, Δt = −4 gives −0.5·0.00525·0.95⁴·0.25.
        var layer = Layer(1, 1);
        layer.W.AsSpan()[0] = 0.25f;
        var pre = new Matrix(40, 1);
        var post = new Matrix(40, 1);
        pre[20, 0] = 1f;
        post[20 + dt, 0] = 1f;
        Trainer(layer, compiled, new StdpOptions { Bounds = StdpBounds.Soft, LearningRate = 0.5f }).TrainClamped(pre, post);
        double expected = dt > 0 ? 0.25 + 0.5 * 0.005 * Math.Pow(0.95, dt) * 0.75 : 0.25 - 0.5 * 0.00525 * Math.Pow(0.95, -dt) * 0.25;
        Assert.That(layer.W.AsReadOnlySpan()[0], Is.EqualTo(expected).Within(1e-7));
    }

    [Test]
    public void Train_LifDynamics_CompiledAndStepGiveIdenticalWeightsAndState([Values] StdpBounds bounds)
    {
        var raster = Raster(400, 60, 0.1, seed: 2);
        (float[] W, float[] V, float[] X, float[] Y, long Spikes) Run(bool compiled)
        {
            var layer = Layer(60, 12, seed: 3, refractory: 2, scale: 0.3f);
            var trainer = Trainer(layer, compiled, new StdpOptions { Bounds = bounds, APlus = 0.02f, AMinus = 0.021f });
            trainer.Train(raster);
            return (layer.W.ToArray(), layer.Membrane.ToArray(), layer.PreTrace.ToArray(), layer.PostTrace.ToArray(), trainer.LastPostSpikeCount);
        }
        var c = Run(true);
        var s = Run(false);
        Assert.That(c.Spikes, Is.EqualTo(s.Spikes).And.GreaterThan(100), "output spikes");
        Assert.That(c.W, Is.EqualTo(s.W), "W");
        Assert.That((c.V, c.X, c.Y), Is.EqualTo((s.V, s.X, s.Y)), "state");
    }

    private static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int k = 0; k < bits.Length; k++) bits[k] = BitConverter.SingleToInt32Bits(values[k]);
        return bits;
    }

    // 37 outputs: two full 16-lane vectors and a partial one; 100: the benchmark's seven vectors, the last partial, all
    // in registers in the potentiation pass; 150: ten vectors, past that pass's eight, so the general loop. Thresholds:
    // almost every output fires (0.5), a few percent fire (2.5), and ≤ 0 so that the padding lanes past the last output
    // would fire if they were not masked.
    [Test]
    public void Train_WideLayer_CompiledAndStepGiveBitIdenticalWeightsAndState(
        [Values] StdpBounds bounds, [Values(0.5f, 2.5f, -0.5f)] float threshold, [Values(37, 100, 150)] int outputs)
    {
        var raster = Raster(300, 203, 0.05, seed: 21);
        (int[] W, int[] V, int[] X, int[] Y, int[] R, long Spikes) Run(bool compiled)
        {
            var layer = new SpikingLayer(203, outputs, new SpikingLayerOptions
            {
                Seed = 22, InitialWeightScale = 0.2f, Threshold = threshold, ResetPotential = threshold - 1f, RefractorySteps = 1,
            });
            var trainer = Trainer(layer, compiled, new StdpOptions { Bounds = bounds, APlus = 0.01f, AMinus = 0.0105f, MaxWeight = 0.3f });
            trainer.Train(raster);
            return (Bits(layer.W.AsReadOnlySpan()), Bits(layer.Membrane), Bits(layer.PreTrace), Bits(layer.PostTrace),
                layer.RefractoryRemaining.ToArray(), trainer.LastPostSpikeCount);
        }
        var c = Run(true);
        var s = Run(false);
        Assert.That(c.Spikes, Is.EqualTo(s.Spikes).And.GreaterThan(0), "output spikes");
        Assert.That(c.W, Is.EqualTo(s.W), "W, bit for bit");
        Assert.That((c.V, c.X, c.Y, c.R), Is.EqualTo((s.V, s.X, s.Y, s.R)), "state, bit for bit");
    }

    [Test]
    public void TrainClamped_SparseOutputSpikes_CompiledAndStepGiveBitIdenticalWeights([Values] StdpBounds bounds)
    {
        var pre = Raster(200, 70, 0.1, seed: 23);
        var post = Raster(200, 40, 0.03, seed: 24);
        int[] Run(bool compiled)
        {
            var layer = Layer(70, 40, seed: 25, scale: 0.5f);
            Trainer(layer, compiled, new StdpOptions { Bounds = bounds, APlus = 0.03f, AMinus = 0.02f }).TrainClamped(pre, post);
            return Bits(layer.W.AsReadOnlySpan());
        }
        Assert.That(Run(true), Is.EqualTo(Run(false)));
    }

    [Test]
    public void Train_NegativeZeroWeights_CompiledAndStepGiveSameSignOfZero([Values] StdpBounds bounds)
    {
        // The dense rule rewrites every weight every step (−0 + 0 = +0); the event-driven one must end the same.
        var raster = Raster(50, 20, 0.05, seed: 26);
        int[] Run(bool compiled)
        {
            var layer = Layer(20, 3, seed: 27, scale: 0.1f);
            layer.W.AsSpan()[..30].Fill(-0f);
            Trainer(layer, compiled, new StdpOptions { Bounds = bounds, MinWeight = -1f }).Train(raster);
            return Bits(layer.W.AsReadOnlySpan());
        }
        Assert.That(Run(true), Is.EqualTo(Run(false)));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void TrainClamped_RandomSpikes_MatchesNaiveReferenceLoop(bool compiled)
    {
        var pre = Raster(300, 17, 0.2, seed: 4);
        var post = Raster(300, 5, 0.2, seed: 5);
        var layer = Layer(17, 5, seed: 6, scale: 1f);
        var w = new double[5, 17];
        for (int i = 0; i < 5; i++)
        for (int j = 0; j < 17; j++) w[i, j] = layer.W.ReadOnlyRow(i)[j];
        Trainer(layer, compiled, new StdpOptions { Bounds = StdpBounds.None, APlus = 0.01f, AMinus = 0.012f }).TrainClamped(pre, post);

        // Reference: traces then ΔW_ij = A₊ x̄_j [post_i] − A₋ ȳ_i [pre_j], in double.
        var x = new double[17];
        var y = new double[5];
        for (int t = 0; t < 300; t++)
        {
            for (int j = 0; j < 17; j++) x[j] = Decay * (double)x[j] + pre[t, j];
            for (int i = 0; i < 5; i++) y[i] = Decay * (double)y[i] + post[t, i];
            for (int i = 0; i < 5; i++)
            for (int j = 0; j < 17; j++) w[i, j] += 0.01 * x[j] * post[t, i] - 0.012 * y[i] * pre[t, j];
        }
        for (int i = 0; i < 5; i++)
        for (int j = 0; j < 17; j++)
        {
            Assert.That(layer.W.ReadOnlyRow(i)[j], Is.EqualTo(w[i, j]).Within(1e-5 * Math.Max(1, Math.Abs(w[i, j]))), $"W[{i},{j}]");
        }
    }

    [TestCase(StdpBounds.Hard, true)]
    [TestCase(StdpBounds.Hard, false)]
    [TestCase(StdpBounds.Soft, true)]
    [TestCase(StdpBounds.Soft, false)]
    public void Train_StrongAmplitudes_WeightsStayWithinBounds(StdpBounds bounds, bool compiled)
    {
        var layer = Layer(40, 8, seed: 7, scale: 0.5f);
        var trainer = Trainer(layer, compiled, new StdpOptions { Bounds = bounds, APlus = 0.5f, AMinus = 0.45f, MinWeight = 0.1f, MaxWeight = 0.6f });
        layer.W.AsSpan().Fill(0.3f);
        trainer.Train(Raster(500, 40, 0.15, seed: 8));
        var w = layer.W.ToArray();
        Assert.That(w.Min(), Is.GreaterThanOrEqualTo(0.1f));
        Assert.That(w.Max(), Is.LessThanOrEqualTo(0.6f));
        Assert.That(w, Has.Some.Not.EqualTo(0.3f), "the weights did change");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_NoSpikes_ChangesNothing(bool compiled)
    {
        var layer = Layer(30, 6, seed: 9);
        var before = layer.W.ToArray();
        var trainer = Trainer(layer, compiled);
        trainer.Train(new Matrix(200, 30));
        Assert.That(layer.W.ToArray(), Is.EqualTo(before));
        Assert.That(trainer.LastPostSpikeCount, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_InputsInFixedOrder_PotentiateEarlierGroup(bool compiled)
    {
        // Group A (inputs 0–9) fires, 3 steps later group B (10–19) fires, every 20 steps. Each group alone drives
        // the neuron over threshold, so it spikes with both; A precedes the B-driven spike (potentiation), B follows
        // the A-driven spike (depression).
        var layer = Layer(20, 2, seed: 10);
        layer.W.AsSpan().Fill(0.3f);
        var raster = new Matrix(2000, 20);
        for (int t = 0; t + 3 < raster.Rows; t += 20)
        {
            for (int j = 0; j < 10; j++) raster[t, j] = 1f;
            for (int j = 10; j < 20; j++) raster[t + 3, j] = 1f;
        }
        var trainer = Trainer(layer, compiled);
        trainer.Train(raster);
        for (int i = 0; i < 2; i++)
        {
            var row = layer.W.ReadOnlyRow(i).ToArray();
            double a = row[..10].Average(), b = row[10..].Average();
            Assert.That(a, Is.GreaterThan(0.3), $"neuron {i}: earlier group potentiated");
            Assert.That(b, Is.LessThan(0.3), $"neuron {i}: later group depressed");
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_InTwoPieces_EqualsOneCall(bool compiled)
    {
        var raster = Raster(300, 25, 0.1, seed: 11);
        var whole = Layer(25, 4, seed: 12, scale: 0.4f);
        var pieces = Layer(25, 4, seed: 12, scale: 0.4f);
        Trainer(whole, compiled).Train(raster);
        var t = Trainer(pieces, compiled);
        t.Train(new Matrix(100, 25, raster.Data[..2500]));
        t.Train(new Matrix(200, 25, raster.Data[2500..]));
        Assert.That(pieces.W.ToArray(), Is.EqualTo(whole.W.ToArray()));
        Assert.That(pieces.Membrane.ToArray(), Is.EqualTo(whole.Membrane.ToArray()));
        Assert.That(t.StepCount, Is.EqualTo(300));
    }

    [Test]
    public void Reset_ClearsTracesMembraneAndCounter()
    {
        var layer = Layer(25, 4, seed: 13, scale: 0.4f);
        var t = Trainer(layer, true);
        t.Train(Raster(50, 25, 0.2, seed: 14));
        t.Reset();
        Assert.That(layer.PreTrace.ToArray(), Is.All.EqualTo(0f));
        Assert.That(layer.PostTrace.ToArray(), Is.All.EqualTo(0f));
        Assert.That(layer.Membrane.ToArray(), Is.All.EqualTo(0f));
        Assert.That(t.StepCount, Is.Zero);
    }

    [Test]
    public void PredictBatch_CompiledEqualsStepAndLeavesStateAndWeights()
    {
        var layer = Layer(30, 6, seed: 15, scale: 0.4f);
        var t = Trainer(layer, true);
        t.Train(Raster(40, 30, 0.2, seed: 16));
        var w = layer.W.ToArray();
        var v = layer.Membrane.ToArray();
        var probe = Raster(60, 30, 0.2, seed: 17);
        var compiled = t.PredictBatch(probe);
        t.ConfigureProgress(false, useCompile: false);
        var step = t.PredictBatch(probe);
        Assert.That(compiled, Is.EqualTo(step));
        Assert.That(compiled.Sum(r => r.Sum()), Is.GreaterThan(0));
        Assert.That(t.Predict(probe.Row(0)), Is.EqualTo(step[0]));
        Assert.That(layer.W.ToArray(), Is.EqualTo(w));
        Assert.That(layer.Membrane.ToArray(), Is.EqualTo(v));
    }

    [Test]
    public void PredictBatch_CompiledChunksEqualStepPathAndStopOnCancellation()
    {
        // 600 steps: three chunks of the kernel. The same spikes as the step path; a cancellation at the first report
        // stops the run there, with the layer as it was.
        var layer = Layer(30, 6, seed: 18, scale: 0.4f);
        var t = Trainer(layer, true);
        var probe = Raster(600, 30, 0.2, seed: 19);
        var compiled = t.PredictBatch(probe);
        t.ConfigureProgress(false, useCompile: false);
        Assert.That(compiled, Is.EqualTo(t.PredictBatch(probe)));
        t.ConfigureProgress(true, useCompile: true);
        var (w, v) = (layer.W.ToArray(), layer.Membrane.ToArray());
        using var cts = new CancellationTokenSource();
        var reports = new List<long>();
        t.Progress = new SyncProgress<TrainingProgress>(p =>
        {
            reports.Add(p.Item);
            cts.Cancel();
        });
        Assert.Throws<OperationCanceledException>(() => t.PredictBatch(probe, cts.Token));
        Assert.That(reports, Is.EqualTo(new long[] { 256 }));
        Assert.That((layer.W.ToArray(), layer.Membrane.ToArray()), Is.EqualTo((w, v)));
    }

    [Test]
    public void Train_ExponentialSchedule_ScalesAmplitudesPerStep([Values] bool compiled)
    {
        // One pair at Δt = 1 on step 10: the rate is 0.5^10 there.
        var layer = Layer(1, 1);
        layer.W.AsSpan()[0] = 0f;
        var pre = new Matrix(20, 1);
        var post = new Matrix(20, 1);
        pre[9, 0] = 1f;
        post[10, 0] = 1f;
        Trainer(layer, compiled, new StdpOptions { Bounds = StdpBounds.None, Schedule = new ExponentialDecaySchedule(1f, 0.5) }).TrainClamped(pre, post);
        Assert.That(layer.W.AsReadOnlySpan()[0], Is.EqualTo(APlus * Math.Pow(0.5, 10) * Decay).Within(1e-9));
    }

    [TestCase(113)]
    [TestCase(120)]
    [TestCase(128)]
    public void TrainClamped_EightVectorsOfOutputs_MatchesNaiveReferenceLoop(int outputs)
    {
        // 113 to 128 outputs fill eight 16-lane vectors, the most the compiled path keeps in registers while it
        // potentiates; the eighth is the one no other test reaches. Reference as TrainClamped_RandomSpikes_MatchesNaiveReferenceLoop.
        const int inputs = 23, steps = 200;
        var pre = Raster(steps, inputs, 0.2, seed: 81);
        var post = Raster(steps, outputs, 0.1, seed: 82);
        var layer = Layer(inputs, outputs, seed: 83, scale: 1f);
        var w = new double[outputs, inputs];
        for (int i = 0; i < outputs; i++)
        for (int j = 0; j < inputs; j++) w[i, j] = layer.W.ReadOnlyRow(i)[j];
        Trainer(layer, compiled: true, new StdpOptions { Bounds = StdpBounds.None, APlus = 0.01f, AMinus = 0.012f }).TrainClamped(pre, post);

        var x = new double[inputs];
        var y = new double[outputs];
        for (int t = 0; t < steps; t++)
        {
            for (int j = 0; j < inputs; j++) x[j] = Decay * (double)x[j] + pre[t, j];
            for (int i = 0; i < outputs; i++) y[i] = Decay * (double)y[i] + post[t, i];
            for (int i = 0; i < outputs; i++)
            for (int j = 0; j < inputs; j++) w[i, j] += 0.01 * x[j] * post[t, i] - 0.012 * y[i] * pre[t, j];
        }
        for (int i = 0; i < outputs; i++)
        for (int j = 0; j < inputs; j++)
        {
            Assert.That(layer.W.ReadOnlyRow(i)[j], Is.EqualTo(w[i, j]).Within(1e-5 * Math.Max(1, Math.Abs(w[i, j]))), $"W[{i},{j}]");
        }
    }
}
