using Canns.Models;
using Canns.Testing;

namespace Canns.Trainers.Tests.Plasticity;

public class InputWeightsTrainingTests
{
    private const int N = 6, M = 9;

    private string _dir = null!;

    [SetUp]
    public void MakeFolder() => _dir = Path.Combine(Path.GetTempPath(), $"canns-inputs-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// A network whose spikes the input decides whatever the weights become: threshold 10, channels 0 or 40, W_in in
    /// [0.05, 0.5] (so five or more active channels give at least 10, none give 0) and recurrent drive at most
    /// N·0.5 = 3. Every neuron spikes at a step exactly when the pattern has active channels.
    /// </summary>
    private static RecurrentSpikingNetwork Clamped(int seed = 3) => new(N, new RecurrentSpikingOptions
    {
        ConnectionProbability = 0.5f, InitialWeightScale = 0.4f, Leak = 0, Threshold = 10, RefractorySteps = 0, Seed = seed,
        InputCount = M, InputWeightScale = 0.3f,
    });

    /// <summary>Patterns that are silent, or have at least five of the nine channels at 40.</summary>
    private static Matrix Patterns(int count, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(count, M);
        for (int p = 0; p < count; p++)
        {
            if (p % 3 == 2) continue;
            int active = 0;
            while (active < 5)
            {
                active = 0;
                for (int j = 0; j < M; j++)
                {
                    m[p, j] = random.NextDouble() < 0.6 ? 40f : 0f;
                    if (m[p, j] != 0) active++;
                }
            }
        }
        return m;
    }

    private static PlasticityOptions Options() => new()
    {
        LearningRate = 0.1f, WeightDecay = 0.01f, LtdRatio = 0.5f, MinWeight = 0.05f, MaxWeight = 0.5f, Interval = 4, StepsPerPattern = 6, Epochs = 2,
        TrainInputWeights = true, Homeostasis = new HomeostasisOptions { TargetRateHz = 600, Interval = 10, ScalingRate = 0.05f },
    };

    /// <summary>
    /// The documented rule on W_in in double: every input weight exists; post = the neuron spiked, pre = the channel was
    /// above the activity threshold, since the last application. After the application of a step, every
    /// <c>Homeostasis.Interval</c> steps, each row is scaled by <c>exp(γ (ν_target − ν)/ν_target)</c> and clipped (with
    /// <c>Homeostasis.ScaleInputWeights</c>), ν the neuron's spikes per step over those steps and ν_target = Hz · 1 ms / 1000.
    /// With metaplasticity each application adds <c>η_B ν (ν − θ) ν_j</c> before the decay and the clip, where ν is the
    /// neuron's running rate (<c>ν += (s − ν)/τ</c> every step; every neuron spikes alike here, so one ν and one θ serve
    /// all), ν_j the channel's running activity rate (the same with a = 1 above the threshold) and θ slides after
    /// each application: <c>θ += (ν² − θ)/τ_θ</c>.
    /// </summary>
    private static double[] Reference(float[] w0, Matrix patterns, PlasticityOptions o, out int ltp, out int ltd, out int scalings, double tau = 20)
    {
        (ltp, ltd, scalings) = (0, 0, 0);
        var w = w0.Select(v => (double)v).ToArray();
        var pre = new bool[M];
        bool post = false;
        long steps = 0;
        int window = 0, spikes = 0;
        var meta = o.Metaplasticity;
        double nu = 0, theta = meta?.InitialThreshold ?? 0;
        var inputRates = new double[M];
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            for (int p = 0; p < patterns.Rows; p++)
            {
                for (int t = 0; t < o.StepsPerPattern; t++)
                {
                    bool any = false;
                    for (int j = 0; j < M; j++)
                    {
                        pre[j] |= patterns[p, j] > o.InputActivityThreshold;
                        // The neurons spike on the patterns with channels at 40 (the clamp), whatever the threshold says.
                        any |= patterns[p, j] == 40f;
                    }
                    post |= any;
                    nu += ((any ? 1 : 0) - nu) / tau;
                    for (int j = 0; j < M; j++) inputRates[j] += ((patterns[p, j] > o.InputActivityThreshold ? 1 : 0) - inputRates[j]) / tau;
                    window++;
                    if (any) spikes++;
                    if (++steps % o.Interval == 0)
                    {
                        double gain = meta is null ? 0 : meta.LearningRate * nu * (nu - theta);
                        for (int i = 0; i < N; i++)
                        {
                            for (int j = 0; j < M; j++)
                            {
                                int k = i * M + j;
                                double v = w[k], delta = 0;
                                if (post && pre[j])
                                {
                                    delta = o.LearningRate * (o.MaxWeight - v);
                                    ltp++;
                                }
                                else if (post != pre[j])
                                {
                                    delta = -o.LearningRate * o.LtdRatio * (v - o.MinWeight);
                                    ltd++;
                                }
                                w[k] = Math.Clamp((v + delta + gain * inputRates[j]) * (1 - o.WeightDecay), o.MinWeight, o.MaxWeight);
                            }
                        }
                        Array.Clear(pre);
                        post = false;
                        if (meta is not null) theta += (nu * nu - theta) / meta.ThresholdTimeConstant;
                    }
                    if (o.Homeostasis is { } h && window == h.Interval)
                    {
                        if (h.ScaleInputWeights)
                        {
                            double target = h.TargetRateHz / 1000.0, rate = (double)spikes / window;
                            double factor = Math.Exp(h.ScalingRate * (target - rate) / target);
                            for (int k = 0; k < w.Length; k++) w[k] = Math.Clamp(w[k] * factor, o.MinWeight, o.MaxWeight);
                            scalings++;
                        }
                        (window, spikes) = (0, 0);
                    }
                }
            }
        }
        return w;
    }

    [Test]
    public void Train_InputWeights_FollowTheRule_OnBothPathsBitForBit()
    {
        var patterns = Patterns(7, seed: 1);
        float[]? compiledResult = null;
        foreach (bool compiled in new[] { true, false })
        {
            var net = Clamped();
            var w0 = net.InputWeights!.ToArray();
            var trainer = new PlasticityTrainer(net, Options());
            trainer.ConfigureProgress(false, compiled);
            trainer.Train(patterns);
            var expected = Reference(w0, patterns, Options(), out int ltp, out int ltd, out int scalings);
            var actual = net.InputWeights!.AsReadOnlySpan();
            for (int k = 0; k < expected.Length; k++) Assert.That(actual[k], Is.EqualTo(expected[k]).Within(1e-6), $"W_in[{k / M}, {k % M}], compiled {compiled}");
            // Both branches of the rule were taken many times, and LTP carried weights above their initial range [0, 0.3).
            Assert.That(ltp, Is.GreaterThan(100), "LTP updates");
            Assert.That(ltd, Is.GreaterThan(100), "LTD updates");
            Assert.That(scalings, Is.GreaterThanOrEqualTo(8), "homeostatic scalings of W_in");
            Assert.That(actual.ToArray().Max(), Is.GreaterThan(0.35f));
            if (compiledResult is null) compiledResult = net.InputWeights.ToArray();
            else Assert.That(net.InputWeights.ToArray(), Is.EqualTo(compiledResult), "the step path gives the compiled path's bits");
        }
    }

    [Test]
    public void Train_InputWeightsWithMetaplasticity_FollowTheBcmTerm_OnBothPathsBitForBit()
    {
        // η_B large enough that the BCM term moves W_in by more than the tolerance many times over: early on ν < θ is
        // impossible to avoid (θ starts at 0.3 while ν rises from 0), later ν > θ; both signs of the gain occur.
        var patterns = Patterns(7, seed: 4);
        var options = Options();
        options.Metaplasticity = new MetaplasticityOptions { LearningRate = 0.5f, ThresholdTimeConstant = 3f, InitialThreshold = 0.3f };
        float[]? compiledResult = null;
        foreach (bool compiled in new[] { true, false })
        {
            var net = Clamped();
            var w0 = net.InputWeights!.ToArray();
            new PlasticityTrainer(net, options).ConfigureProgress(false, compiled).Train(patterns);
            var expected = Reference(w0, patterns, options, out _, out _, out _, net.RateTimeConstant);
            var actual = net.InputWeights!.AsReadOnlySpan();
            for (int k = 0; k < expected.Length; k++) Assert.That(actual[k], Is.EqualTo(expected[k]).Within(1e-5), $"W_in[{k / M}, {k % M}], compiled {compiled}");
            if (compiledResult is null) compiledResult = net.InputWeights.ToArray();
            else Assert.That(net.InputWeights.ToArray(), Is.EqualTo(compiledResult), "the step path gives the compiled path's bits");
        }
        // The term matters: without it W_in ends elsewhere (by more than the tolerance).
        var plain = Clamped();
        new PlasticityTrainer(plain, Options()).ConfigureProgress(false).Train(patterns);
        double largest = plain.InputWeights!.ToArray().Zip(compiledResult!, (a, b) => Math.Abs(a - b)).Max();
        Assert.That(largest, Is.GreaterThan(1e-3));
    }

    [Test]
    public void Train_ScaleInputWeightsOff_LeavesW_inToTheRuleAlone()
    {
        var patterns = Patterns(7, seed: 1);
        var options = Options();
        options.Homeostasis!.ScaleInputWeights = false;
        var net = Clamped();
        var w0 = net.InputWeights!.ToArray();
        new PlasticityTrainer(net, options).ConfigureProgress(false).Train(patterns);
        var expected = Reference(w0, patterns, options, out _, out _, out int scalings);
        Assert.That(scalings, Is.Zero);
        var actual = net.InputWeights!.AsReadOnlySpan();
        for (int k = 0; k < expected.Length; k++) Assert.That(actual[k], Is.EqualTo(expected[k]).Within(1e-6), $"W_in[{k / M}, {k % M}]");
        // And scaling does change W_in here: the run with it differs.
        var scaled = Clamped();
        new PlasticityTrainer(scaled, Options()).ConfigureProgress(false).Train(patterns);
        Assert.That(scaled.InputWeights!.ToArray(), Is.Not.EqualTo(net.InputWeights.ToArray()));
    }

    [Test]
    public void Train_WithoutTrainInputWeights_LeavesThemAsTheyWere()
    {
        var net = Clamped();
        var w0 = net.InputWeights!.ToArray();
        var options = Options();
        options.TrainInputWeights = false;
        var trainer = new PlasticityTrainer(net, options);
        trainer.ConfigureProgress(false);
        long version = net.InputWeights.Version;
        trainer.Train(Patterns(4, seed: 2));
        Assert.That(net.InputWeights.ToArray(), Is.EqualTo(w0));
        Assert.That(net.InputWeights.Version, Is.EqualTo(version));
        Assert.That(net.W.ToArray(), Is.Not.EqualTo(new RecurrentSpikingNetwork(N, new RecurrentSpikingOptions
        {
            ConnectionProbability = 0.5f, InitialWeightScale = 0.4f, Seed = 3,
        }).W.ToArray()), "W itself learned");
    }

    [Test]
    public void BadInput_IsRefusedAndChangesNothing()
    {
        var e = Assert.Throws<ArgumentException>(() => new PlasticityTrainer(new RecurrentSpikingNetwork(N, new RecurrentSpikingOptions { Seed = 1 }), Options()));
        Assert.That(e!.Message, Does.Contain("InputCount"));

        var net = Clamped();
        var trainer = new PlasticityTrainer(net, Options());
        trainer.ConfigureProgress(false);
        var (w, wIn) = (net.W.ToArray(), net.InputWeights!.ToArray());
        var wrong = Assert.Throws<ArgumentException>(() => trainer.Train(new Matrix(2, N)));
        Assert.That(wrong!.Message, Does.Contain("9 input channels"));
        Assert.Throws<ArgumentException>(() => trainer.Predict(new float[N]));
        net.InputWeights.AsSpan()[5] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => trainer.Train(Patterns(2, seed: 3)));
        Assert.That(nan!.Message, Does.Contain("W_in[0, 5]"));
        net.InputWeights.AsSpan()[5] = wIn[5];

        // A cancellation part-way through puts W, W_in and the trainer back.
        using var cts = new CancellationTokenSource();
        int reports = 0;
        trainer.Progress = new SyncProgress<TrainingProgress>(_ => { if (++reports == 30) cts.Cancel(); });
        trainer.ConfigureProgress(true, useCompile: false);
        Assert.Throws<OperationCanceledException>(() => trainer.Train(Patterns(7, seed: 4), cts.Token));
        Assert.That(reports, Is.GreaterThanOrEqualTo(30), "it was cancelled after learning had begun");
        Assert.That((net.W.ToArray(), net.InputWeights.ToArray()), Is.EqualTo((w, wIn)));
        Assert.That(trainer.StepCount, Is.Zero);
    }

    /// <summary>A fresh clamped network whose trainer loads the checkpoint in the test's folder and trains on <paramref name="patterns"/>.</summary>
    private RecurrentSpikingNetwork Resume(PlasticityOptions options, Matrix patterns)
    {
        var net = Clamped();
        var trainer = new PlasticityTrainer(net, options);
        trainer.ConfigureProgress(false);
        trainer.LoadCheckpoint(_dir);
        trainer.Train(patterns);
        return net;
    }

    private static PlasticityOptions BcmOptions()
    {
        var options = Options();
        options.Metaplasticity = new MetaplasticityOptions { LearningRate = 0.5f, ThresholdTimeConstant = 3f, InitialThreshold = 0.3f };
        return options;
    }

    [Test]
    public void Metaplasticity_InputRates_AreRolledBackAndCheckpointed()
    {
        // A cancelled call must put the channels' running rates back: the next full call then equals a fresh trainer's.
        var patterns = Patterns(7, seed: 8);
        var fresh = Clamped();
        new PlasticityTrainer(fresh, BcmOptions()).ConfigureProgress(false).Train(patterns);
        var net = Clamped();
        var trainer = new PlasticityTrainer(net, BcmOptions());
        using var cts = new CancellationTokenSource();
        int reports = 0;
        trainer.Progress = new SyncProgress<TrainingProgress>(_ => { if (++reports == 30) cts.Cancel(); });
        trainer.ConfigureProgress(true, useCompile: false);
        Assert.Throws<OperationCanceledException>(() => trainer.Train(patterns, cts.Token));
        trainer.ConfigureProgress(false);
        trainer.Train(patterns);
        Assert.That(net.InputWeights!.ToArray(), Is.EqualTo(fresh.InputWeights!.ToArray()));

        // Stopped part-way (between applications, the rates mid-run), saved, resumed: the same bits as going straight on.
        var options = BcmOptions();
        options.Epochs = 1;
        options.StepsPerPattern = 5;
        var second = Patterns(5, seed: 9);
        var straightNet = Clamped();
        var straight = new PlasticityTrainer(straightNet, options);
        straight.ConfigureProgress(false);
        straight.Train(Patterns(3, seed: 10));
        straight.SaveCheckpoint(_dir);
        straight.Train(second);
        Assert.That(File.Exists(Path.Combine(_dir, "input_rates.npy")), Is.True);
        var resumedNet = Resume(options, second);
        Assert.That(resumedNet.InputWeights!.ToArray(), Is.EqualTo(straightNet.InputWeights!.ToArray()));

        // A trainer without metaplasticity does not take the rates; corrupted rates are refused by name; nothing changes.
        var plain = Clamped();
        var before = plain.InputWeights!.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => new PlasticityTrainer(plain, Options()).LoadCheckpoint(_dir));
        Assert.That(e!.Message, Does.Contain("input rates"));
        Assert.That(plain.InputWeights.ToArray(), Is.EqualTo(before));
        Npy.Write(Path.Combine(_dir, "input_rates.npy"), new Matrix(1, M, Enumerable.Repeat(1.5f, M).ToArray()));
        e = Assert.Throws<InvalidDataException>(() => new PlasticityTrainer(Clamped(), options).LoadCheckpoint(_dir));
        Assert.That(e!.Message, Does.Contain("input rates"));
        File.Delete(Path.Combine(_dir, "input_rates.npy"));
        e = Assert.Throws<InvalidDataException>(() => new PlasticityTrainer(Clamped(), options).LoadCheckpoint(_dir));
        Assert.That(e!.Message, Does.Contain("no input rates"));
    }

    [Test]
    public void Checkpoint_WithInputWeights_ResumesBitForBit_AndRefusesAnotherInputCount()
    {
        var first = Patterns(5, seed: 5);
        var second = Patterns(5, seed: 6);
        var straightNet = Clamped();
        var straight = new PlasticityTrainer(straightNet, Options());
        straight.ConfigureProgress(false);
        straight.Train(first);
        // Stop between two applications, so the channels' activity since the last one is part of the state.
        var options = Options();
        options.Epochs = 1;
        options.StepsPerPattern = 5;
        var odd = new PlasticityTrainer(straightNet, options);
        odd.ConfigureProgress(false);
        odd.Train(Patterns(1, seed: 7));
        odd.SaveCheckpoint(_dir);
        odd.Train(second);
        Assert.That(File.Exists(Path.Combine(_dir, "W_in.npy")) && File.Exists(Path.Combine(_dir, "input_active.npy")), Is.True);

        var resumedNet = Resume(options, second);
        Assert.That(resumedNet.InputWeights!.ToArray(), Is.EqualTo(straightNet.InputWeights!.ToArray()));
        Assert.That(resumedNet.W.ToArray(), Is.EqualTo(straightNet.W.ToArray()));

        // Another input count, or a trainer that does not train W_in, cannot load it; nothing changes.
        var other = new RecurrentSpikingNetwork(N, new RecurrentSpikingOptions
        {
            ConnectionProbability = 0.5f, InitialWeightScale = 0.4f, Leak = 0, Threshold = 10, RefractorySteps = 0, Seed = 3, InputCount = M + 1,
        });
        var before = other.InputWeights!.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => new PlasticityTrainer(other, options).LoadCheckpoint(_dir));
        Assert.That(e!.Message, Does.Contain("9 input channels"));
        Assert.That(other.InputWeights.ToArray(), Is.EqualTo(before));
        var untrained = options;
        untrained.TrainInputWeights = false;
        Assert.Throws<InvalidDataException>(() => new PlasticityTrainer(Clamped(), untrained).LoadCheckpoint(_dir));

        // A corrupted activity flag is refused by name.
        Npy.Write(Path.Combine(_dir, "input_active.npy"), new Matrix(1, M, Enumerable.Repeat(0.5f, M).ToArray()));
        var corrupted = Assert.Throws<InvalidDataException>(() => new PlasticityTrainer(Clamped(), Options()).LoadCheckpoint(_dir));
        Assert.That(corrupted!.Message, Does.Contain("input activity flags"));
    }

    [Test]
    public void Train_UntrainedInputWeightsHoldingNaN_IsRefusedAndChangesNothing()
    {
        // W_in feeds every step whether or not it is trained: a NaN in it would make the membranes NaN for the whole call
        // (and leave them so). It is refused up front, as a NaN in W is.
        var net = Clamped();
        var options = Options();
        options.TrainInputWeights = false;
        var trainer = new PlasticityTrainer(net, options);
        trainer.ConfigureProgress(false);
        net.InputWeights!.AsSpan()[7] = float.PositiveInfinity;
        var (w, membrane) = (net.W.ToArray(), net.Membrane.ToArray());
        var e = Assert.Throws<ArgumentException>(() => trainer.Train(Patterns(2, seed: 9)));
        Assert.That(e!.Message, Does.Contain("W_in[0, 7]"));
        Assert.That((net.W.ToArray(), net.Membrane.ToArray(), trainer.StepCount), Is.EqualTo((w, membrane, 0L)));
    }

    [Test]
    public void LoadCheckpoint_WithoutInputActivity_IntoATrainerOfW_in_IsRefusedPlainly()
    {
        // A checkpoint of a trainer that left W_in alone has no input_active.npy: a trainer that trains W_in must refuse it
        // as a mismatch (InvalidDataException, as for the traces and co-activations), not fail on the missing file.
        var options = Options();
        options.TrainInputWeights = false;
        var saver = new PlasticityTrainer(Clamped(), options);
        saver.ConfigureProgress(false);
        saver.Train(Patterns(2, seed: 8));
        saver.SaveCheckpoint(_dir);

        var net = Clamped();
        var (w, wIn) = (net.W.ToArray(), net.InputWeights!.ToArray());
        var trainer = new PlasticityTrainer(net, Options());
        var e = Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(_dir));
        Assert.That(e!.Message, Does.Contain("input activity").And.Contain("trains the input weights"));
        Assert.That((net.W.ToArray(), net.InputWeights.ToArray(), trainer.StepCount), Is.EqualTo((w, wIn, 0L)));
    }

    [Test]
    public void Train_NoiseBelowTheActivityThreshold_DoesNotMakeAChannelActive()
    {
        // Silent channels carry 0.3 (below the threshold 0.5), active ones 40: the same W_in as the reference, which
        // counts only the active ones; with the threshold at 0.2 the noisy channels count too, and W_in differs.
        var patterns = Patterns(7, seed: 1);
        var span = patterns.AsSpan();
        for (int k = 0; k < span.Length; k++) if (span[k] == 0) span[k] = 0.3f;
        // A silent pattern now drives 9 × 0.3 × W_in ≤ 1.35 < 10: the neurons still spike exactly on the active patterns.
        var net = Clamped();
        var w0 = net.InputWeights!.ToArray();
        var trainer = new PlasticityTrainer(net, Options());
        trainer.ConfigureProgress(false);
        trainer.Train(patterns);
        var expected = Reference(w0, patterns, Options(), out _, out _, out _);
        for (int k = 0; k < expected.Length; k++) Assert.That(net.InputWeights.AsReadOnlySpan()[k], Is.EqualTo(expected[k]).Within(1e-6), $"W_in[{k}]");

        var low = Options();
        low.InputActivityThreshold = 0.2f;
        var noisy = Clamped();
        var lowTrainer = new PlasticityTrainer(noisy, low);
        lowTrainer.ConfigureProgress(false);
        lowTrainer.Train(patterns);
        var lowExpected = Reference(w0, patterns, low, out _, out _, out _);
        for (int k = 0; k < lowExpected.Length; k++) Assert.That(noisy.InputWeights!.AsReadOnlySpan()[k], Is.EqualTo(lowExpected[k]).Within(1e-6), $"W_in[{k}], threshold 0.2");
        Assert.That(noisy.InputWeights!.ToArray(), Is.Not.EqualTo(net.InputWeights.ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlasticityOptions { InputActivityThreshold = float.NaN }.Validate());
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_RewardTimesRateOverflowsW_in_ThrowsNamingW_inAndRollsBack(bool compiled)
    {
        // No recurrent synapses, so W stays 0 and only W_in can diverge: η·m = 100 × 1e37 overflows float32.
        var net = new RecurrentSpikingNetwork(N, new RecurrentSpikingOptions
        {
            ConnectionProbability = 0f, Leak = 0, Threshold = 10, RefractorySteps = 0, Seed = 3, InputCount = M, InputWeightScale = 0.3f,
        });
        var options = Options();
        options.LearningRate = 100f;
        var trainer = new PlasticityTrainer(net, options);
        trainer.ConfigureProgress(false, compiled);
        var (w, wIn) = (net.W.ToArray(), net.InputWeights!.ToArray());

        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(Patterns(3, seed: 5), [1e37f, 1e37f, 1e37f]));

        Assert.That(e!.Message, Does.Contain("The update of W_in gives").And.Contain("Nothing changed"));
        Assert.That((net.W.ToArray(), net.InputWeights.ToArray()), Is.EqualTo((w, wIn)));
        Assert.That(trainer.StepCount, Is.Zero);
    }
}
