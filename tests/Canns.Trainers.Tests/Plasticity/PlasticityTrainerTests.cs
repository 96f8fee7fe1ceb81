using Canns.Models;

namespace Canns.Trainers.Tests.Plasticity;

public class PlasticityTrainerTests
{
    private const int N = 12;

    /// <summary>
    /// A network whose spikes are set by its input alone: threshold 10, input 0 or 20, no leak or refractoriness, and
    /// recurrent drive at most N·w_max = 6 &lt; 10. So the activity is known in advance whatever W becomes.
    /// </summary>
    private static RecurrentSpikingNetwork Clamped(int seed = 3) => new(N, new RecurrentSpikingOptions
    {
        ConnectionProbability = 0.5f, InitialWeightScale = 0.4f, Leak = 0, Threshold = 10, RefractorySteps = 0, RateTimeConstant = 10, Seed = seed,
    });

    private static Matrix ClampedInputs(int patterns, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(patterns, N);
        for (int p = 0; p < patterns; p++)
        {
            for (int i = 0; i < N; i++) m[p, i] = random.NextDouble() < 0.4 ? 20f : 0f;
        }
        return m;
    }

    private static PlasticityOptions AllMechanisms() => new()
    {
        LearningRate = 0.1f, WeightDecay = 0.01f, LtdRatio = 0.5f, MinWeight = 0.05f, MaxWeight = 0.5f, Schedule = PlasticitySchedule.Periodic,
        Interval = 4, StepsPerPattern = 6, Epochs = 2,
        Homeostasis = new HomeostasisOptions { TargetRateHz = 100, Interval = 10, ScalingRate = 0.05f },
        Metaplasticity = new MetaplasticityOptions { LearningRate = 0.05f, ThresholdTimeConstant = 5, InitialThreshold = 0.01f },
    };

    /// <summary>The documented rule, step by step in double precision, on the activity the clamped inputs force.</summary>
    private static double[] Reference(float[] w0, float[] mask, Matrix inputs, float[] rewards, PlasticityOptions o, out double[] theta, out long ltp, out long ltd)
        => Reference(w0, mask, inputs, rewards, o, out theta, out ltp, out ltd, out _);

    private static double[] Reference(float[] w0, float[] mask, Matrix inputs, float[] rewards, PlasticityOptions o, out double[] theta, out long ltp, out long ltd, out double[] traces,
        int inhibitory = 0, double[]? coactivations = null)
    {
        var w = w0.Select(v => (double)v).ToArray();
        var active = new bool[N];
        var counts = new int[N];
        var rates = new double[N];
        theta = Enumerable.Repeat((double)o.Metaplasticity!.InitialThreshold, N).ToArray();
        long steps = 0, window = 0, performed = 0;
        (ltp, ltd) = (0, 0);
        traces = new double[w.Length];
        double meanTrace = 0, traceThreshold = 0;
        var sel = o.Selective;
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            for (int p = 0; p < inputs.Rows; p++)
            {
                for (int t = 0; t < o.StepsPerPattern; t++)
                {
                    for (int i = 0; i < N; i++)
                    {
                        bool spike = inputs[p, i] > 0;
                        active[i] |= spike;
                        if (spike) counts[i]++;
                        rates[i] += ((spike ? 1 : 0) - rates[i]) / 10;
                    }
                    steps++;
                    window++;
                    if (steps % o.Interval == 0)
                    {
                        double m = rewards[p], eta = o.LearningRate * m;
                        performed++;
                        double scale = sel is null || performed <= sel.WarmupApplications || meanTrace == 0 ? 0 : sel.Protection / meanTrace;
                        for (int i = 0; i < N; i++)
                        {
                            double gain = o.Metaplasticity.LearningRate * m * rates[i] * (rates[i] - theta[i]);
                            for (int j = 0; j < N; j++)
                            {
                                int k = i * N + j;
                                if (mask[k] == 0) continue;
                                double v = w[k], delta = 0;
                                bool coincidence = active[i] && active[j];
                                if (coincidence)
                                {
                                    delta = eta * (o.MaxWeight - v);
                                    ltp++;
                                    if (coactivations is not null) coactivations[k]++;
                                }
                                else if (active[i] != active[j])
                                {
                                    delta = -eta * o.LtdRatio * (v - o.MinWeight);
                                    ltd++;
                                }
                                delta += gain * rates[j];
                                // Selective plasticity: the gate opens on coincidence, else shrinks with the synapse's trace.
                                double g = sel is null || coincidence || (sel.ThresholdPercentile is not null && traces[k] <= traceThreshold) ? 1 : 1 / (1 + scale * traces[k]);
                                v = (v + g * delta) * (1 - g * o.WeightDecay);
                                w[k] = Math.Clamp(v, o.MinWeight, o.MaxWeight);
                                if (sel is not null) traces[k] = sel.TraceDecay * traces[k] + (1 - sel.TraceDecay) * Math.Abs(delta);
                            }
                        }
                        if (sel is not null)
                        {
                            double total = 0;
                            int count = 0;
                            for (int k = 0; k < w.Length; k++)
                            {
                                if (mask[k] == 0) continue;
                                total += traces[k];
                                count++;
                            }
                            meanTrace = total / count;
                            if (sel.ThresholdPercentile is { } percentile)
                            {
                                // Nearest rank: the ⌈p/100 · M⌉-th smallest trace of the M existing synapses.
                                var existing = traces.Where((_, s) => mask[s] != 0).Order().ToArray();
                                traceThreshold = existing[Math.Max(0, (int)Math.Ceiling(percentile * (double)existing.Length / 100.0) - 1)];
                            }
                        }
                        // θ → ν² (or ν²/ν₀ with a target rate, ν₀ in spikes per 1 ms step).
                        double perTarget = o.Metaplasticity.TargetRateHz is { } hz ? 1000.0 / hz : 1;
                        for (int i = 0; i < N; i++) theta[i] += (rates[i] * rates[i] * perTarget - theta[i]) / o.Metaplasticity.ThresholdTimeConstant;
                        Array.Clear(active);
                    }
                    if (window == o.Homeostasis!.Interval)
                    {
                        for (int i = 0; i < N; i++)
                        {
                            // The last `inhibitory` neurons have their own target when one is set.
                            double target = (i >= N - inhibitory ? o.Homeostasis.InhibitoryTargetRateHz ?? o.Homeostasis.TargetRateHz : o.Homeostasis.TargetRateHz) / 1000.0;
                            double rate = o.Homeostasis.UseRunningRates ? rates[i] : (double)counts[i] / window;
                            double factor = Math.Exp(o.Homeostasis.ScalingRate * (target - rate) / target);
                            for (int j = 0; j < N; j++)
                            {
                                int k = i * N + j;
                                if (mask[k] != 0) w[k] = Math.Clamp(w[k] * factor, o.MinWeight, o.MaxWeight);
                            }
                        }
                        Array.Clear(counts);
                        window = 0;
                    }
                }
            }
        }
        return w;
    }

    /// <summary>
    /// Trains a new trainer with <paramref name="options"/> on <paramref name="net"/> and checks W (within
    /// <paramref name="tolerance"/>), θ and, with selective plasticity, the traces (within 1e-6) against the double reference.
    /// </summary>
    private static PlasticityTrainer AssertMatchesReference(RecurrentSpikingNetwork net, Matrix inputs, float[] rewards, PlasticityOptions options, bool compiled,
        double tolerance = 1e-5)
    {
        var expected = Reference(net.W.ToArray(), net.Mask.ToArray(), inputs, rewards, options, out var theta, out _, out _, out var traces, inhibitory: net.InhibitoryCount);
        var trainer = new PlasticityTrainer(net, options);
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        trainer.Train(inputs, rewards);
        Assert.That(net.W.ToArray().Select(v => (double)v), Is.EqualTo(expected).Within(tolerance));
        Assert.That(trainer.Thresholds.ToArray().Select(v => (double)v), Is.EqualTo(theta).Within(1e-6));
        if (options.Selective is not null) Assert.That(trainer.EligibilityTraces.ToArray().Select(v => (double)v), Is.EqualTo(traces).Within(1e-6));
        return trainer;
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_AllMechanismsWithRewards_MatchesDoubleReference(bool compiled)
    {
        var net = Clamped();
        var inputs = ClampedInputs(4, seed: 7);
        float[] rewards = [1f, -0.5f, 2f, 0f];
        var options = AllMechanisms();
        var expected = Reference(net.W.ToArray(), net.Mask.ToArray(), inputs, rewards, options, out var theta, out long ltp, out long ltd);
        var trainer = new PlasticityTrainer(net, options);
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        trainer.Train(inputs, rewards);
        Assert.That(net.W.ToArray().Select(v => (double)v), Is.EqualTo(expected).Within(1e-5));
        Assert.That(trainer.Thresholds.ToArray().Select(v => (double)v), Is.EqualTo(theta).Within(1e-6));
        Assert.That(trainer.StepCount, Is.EqualTo(48));
        Assert.That(trainer.Applications, Is.EqualTo(12));
        Assert.That((trainer.Snapshot().Potentiated, trainer.Snapshot().Depressed), Is.EqualTo((ltp, ltd)));
        Assert.That(net.W.ToArray(), Is.Not.EqualTo(Clamped().W.ToArray()), "the rule must have changed W");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_SelectivePlasticity_MatchesDoubleReference(bool compiled)
    {
        var net = Clamped();
        var inputs = ClampedInputs(4, seed: 17);
        float[] rewards = [1f, 0.5f, 2f, 1f];
        var options = AllMechanisms();
        options.Epochs = 4;
        options.Selective = new SelectivePlasticityOptions { TraceDecay = 0.9f, Protection = 3f, WarmupApplications = 4 };
        var trainer = AssertMatchesReference(net, inputs, rewards, options, compiled, tolerance: 2e-5);
        Assert.That(trainer.Snapshot().MeanEligibility, Is.GreaterThan(0));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_HomeostasisWithAnInhibitoryTarget_MatchesDoubleReference(bool compiled)
    {
        // A quarter of the neurons inhibitory, with a gain small enough (0.1) that their negative drive (≥ −0.6) cannot
        // stop a clamped spike: the activity is still the input's alone.
        var net = new RecurrentSpikingNetwork(N, new RecurrentSpikingOptions
        {
            ConnectionProbability = 0.5f, InitialWeightScale = 0.4f, Leak = 0, Threshold = 10, RefractorySteps = 0, RateTimeConstant = 10, Seed = 3,
            InhibitoryFraction = 0.25f, InhibitoryGain = 0.1f,
        });
        var inputs = ClampedInputs(4, seed: 7);
        float[] rewards = [1f, 0.5f, 2f, 1f];
        var options = AllMechanisms();
        options.Homeostasis!.InhibitoryTargetRateHz = 400;
        var expected = Reference(net.W.ToArray(), net.Mask.ToArray(), inputs, rewards, options, out _, out _, out _, out _, inhibitory: net.InhibitoryCount);
        options.Homeostasis.InhibitoryTargetRateHz = null;
        var oneTarget = Reference(net.W.ToArray(), net.Mask.ToArray(), inputs, rewards, options, out _, out _, out _, out _, inhibitory: net.InhibitoryCount);
        options.Homeostasis.InhibitoryTargetRateHz = 400;
        Assert.That(expected, Is.Not.EqualTo(oneTarget).Within(1e-4), "the inhibitory target changes the result");
        Assert.That(net.InhibitoryCount, Is.EqualTo(3));
        AssertMatchesReference(net, inputs, rewards, options, compiled);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Coactivations_CountTheApplicationsWhereBothNeuronsWereActive(bool compiled)
    {
        var net = Clamped();
        var inputs = ClampedInputs(4, seed: 7);
        float[] rewards = [1f, 0.5f, 2f, 1f];
        var options = AllMechanisms();
        options.TrackCoactivations = true;
        var expected = new double[N * N];
        Reference(net.W.ToArray(), net.Mask.ToArray(), inputs, rewards, options, out _, out _, out _, out _, coactivations: expected);
        var trainer = AssertMatchesReference(net, inputs, rewards, options, compiled);
        Assert.That(trainer.Coactivations.ToArray().Select(v => (double)v), Is.EqualTo(expected), "exact counts");
        Assert.That(expected.Sum(), Is.EqualTo(trainer.Snapshot().Potentiated), "every co-activation is one potentiation");
        trainer.ResetCoactivations();
        Assert.That(trainer.Coactivations.ToArray(), Is.All.EqualTo(0f));
        Assert.That(new PlasticityTrainer(Clamped(), AllMechanisms()).Coactivations.IsEmpty, Is.True, "off by default");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_HomeostasisOnTheRunningRates_MatchesDoubleReference(bool compiled)
    {
        var net = Clamped();
        var inputs = ClampedInputs(4, seed: 7);
        float[] rewards = [1f, 0.5f, 2f, 1f];
        var options = AllMechanisms();
        options.Homeostasis!.UseRunningRates = true;
        var expected = Reference(net.W.ToArray(), net.Mask.ToArray(), inputs, rewards, options, out _, out _, out _, out _);
        options.Homeostasis.UseRunningRates = false;
        var counted = Reference(net.W.ToArray(), net.Mask.ToArray(), inputs, rewards, options, out _, out _, out _, out _);
        options.Homeostasis.UseRunningRates = true;
        Assert.That(expected, Is.Not.EqualTo(counted).Within(1e-4), "the rates it reads change the result");
        AssertMatchesReference(net, inputs, rewards, options, compiled);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_MetaplasticityWithATargetRate_MatchesDoubleReference(bool compiled)
    {
        var net = Clamped();
        var inputs = ClampedInputs(4, seed: 7);
        float[] rewards = [1f, 0.5f, 2f, 1f];
        var options = AllMechanisms();
        options.Metaplasticity!.TargetRateHz = 300;
        AssertMatchesReference(net, inputs, rewards, options, compiled);
    }

    [Test]
    public void Metaplasticity_TargetRate_ThresholdSettlesAtRateSquaredOverTheTarget()
    {
        // One clamped pattern for 400 applications (τ_θ = 5): every rate settles at 1 (driven) or 0 spikes per step,
        // so θ settles at ν²/ν₀ with ν₀ = 250 Hz · 1 ms = 0.25: 4 for a driven neuron, 0 for a silent one.
        var net = Clamped();
        var options = AllMechanisms();
        options.Homeostasis = null;
        options.Epochs = 1;
        options.StepsPerPattern = 1_600;
        options.Metaplasticity!.TargetRateHz = 250;
        var trainer = new PlasticityTrainer(net, options);
        trainer.ConfigureProgress(false);
        var input = ClampedInputs(1, seed: 3);
        trainer.Train(input);
        for (int i = 0; i < N; i++)
        {
            double expected = input[0, i] > 0 ? 1 / 0.25 : 0;
            Assert.That(trainer.Thresholds[i], Is.EqualTo(expected).Within(1e-3), $"neuron {i}");
        }
        Assert.That(Enumerable.Range(0, N).Count(i => input[0, i] > 0), Is.InRange(1, N - 1), "both kinds of neuron are present");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_SelectivePlasticityWithAnAdaptiveThreshold_MatchesDoubleReference(bool compiled)
    {
        var net = Clamped();
        var inputs = ClampedInputs(4, seed: 17);
        float[] rewards = [1f, 0.5f, 2f, 1f];
        var options = AllMechanisms();
        options.Epochs = 4;
        options.Selective = new SelectivePlasticityOptions { TraceDecay = 0.9f, Protection = 3f, WarmupApplications = 4, ThresholdPercentile = 60 };
        var expected = Reference(net.W.ToArray(), net.Mask.ToArray(), inputs, rewards, options, out _, out _, out _, out _);
        var withoutThreshold = AllMechanisms();
        withoutThreshold.Epochs = 4;
        withoutThreshold.Selective = new SelectivePlasticityOptions { TraceDecay = 0.9f, Protection = 3f, WarmupApplications = 4 };
        var gatedEverywhere = Reference(net.W.ToArray(), net.Mask.ToArray(), inputs, rewards, withoutThreshold, out _, out _, out _, out _);
        Assert.That(expected, Is.Not.EqualTo(gatedEverywhere).Within(1e-4), "the threshold changes the result, so the test can see it applied");
        AssertMatchesReference(net, inputs, rewards, options, compiled, tolerance: 2e-5);
    }

    [Test]
    public void EligibilityThreshold_IsTheNearestRankPercentileOfTheTraces_AndOnlySynapsesAboveItAreProtected()
    {
        var net = Clamped();
        var options = AllMechanisms();
        options.Epochs = 4;
        options.Selective = new SelectivePlasticityOptions { TraceDecay = 0.9f, Protection = 30f, WarmupApplications = 4, ThresholdPercentile = 75 };
        var trainer = new PlasticityTrainer(net, options);
        trainer.ConfigureProgress(false);
        trainer.Train(ClampedInputs(4, seed: 17));
        var mask = net.Mask.ToArray();
        var existing = trainer.EligibilityTraces.ToArray().Where((_, s) => mask[s] != 0).Order().ToArray();
        float expected = existing[(int)Math.Ceiling(75.0 * existing.Length / 100.0) - 1];
        Assert.That(trainer.EligibilityThreshold, Is.EqualTo(expected));
        var snapshot = trainer.Snapshot();
        int above = existing.Count(e => e > expected);
        Assert.That(snapshot.ProtectedFraction, Is.GreaterThan(0).And.LessThanOrEqualTo((double)above / existing.Length));
        Assert.That(above, Is.LessThanOrEqualTo(existing.Length / 4 + 1));

        trainer.ResetEligibility();
        Assert.That(trainer.EligibilityThreshold, Is.EqualTo(0f));
        Assert.That(new PlasticityTrainer(Clamped(), AllMechanisms()).EligibilityThreshold, Is.Null, "no selective plasticity, no threshold");
    }

    [Test]
    public void Snapshot_SelectivePlasticityOff_EveryGateOpen()
    {
        var trainer = new PlasticityTrainer(Clamped(), AllMechanisms());
        trainer.ConfigureProgress(false);
        trainer.Train(ClampedInputs(3, seed: 5));
        var snapshot = trainer.Snapshot();
        Assert.That((snapshot.MeanGate, snapshot.ProtectedFraction), Is.EqualTo((1.0, 0.0)));
    }

    [Test]
    public void Snapshot_DuringWarmup_EveryGateOpenThoughTracesGrow()
    {
        var options = AllMechanisms();
        options.Selective = new SelectivePlasticityOptions { WarmupApplications = 1_000 };
        var trainer = new PlasticityTrainer(Clamped(), options);
        trainer.ConfigureProgress(false);
        trainer.Train(ClampedInputs(3, seed: 5));
        var snapshot = trainer.Snapshot();
        Assert.That(snapshot.MeanEligibility, Is.GreaterThan(0));
        Assert.That((snapshot.MeanGate, snapshot.ProtectedFraction), Is.EqualTo((1.0, 0.0)));
    }

    [Test]
    public void Snapshot_AfterWarmup_GateDiagnosticsMatchANaiveLoopOverTheTraces()
    {
        var net = Clamped();
        var options = AllMechanisms();
        options.Epochs = 4;
        options.Selective = new SelectivePlasticityOptions { TraceDecay = 0.9f, Protection = 3f, WarmupApplications = 4 };
        var trainer = new PlasticityTrainer(net, options);
        trainer.ConfigureProgress(false);
        trainer.Train(ClampedInputs(4, seed: 17));
        var snapshot = trainer.Snapshot();
        Assert.That(trainer.Applications, Is.GreaterThan(4), "past the warm-up");
        // g = 1/(1 + k e/ē) in double over the existing synapses; protected where k e/ē > 1.
        double k = 3, mean = snapshot.MeanEligibility, sum = 0;
        int count = 0, protectedCount = 0;
        var traces = trainer.EligibilityTraces.ToArray();
        var mask = net.Mask.ToArray();
        for (int s = 0; s < traces.Length; s++)
        {
            if (mask[s] == 0) continue;
            double ratio = k * traces[s] / mean;
            sum += 1 / (1 + ratio);
            count++;
            if (ratio > 1) protectedCount++;
        }
        Assert.That(snapshot.MeanGate, Is.EqualTo(sum / count).Within(1e-6));
        // A synapse right at the boundary may fall either way in float: at most one of them.
        Assert.That(snapshot.ProtectedFraction, Is.EqualTo((double)protectedCount / count).Within(1.0 / count));
        Assert.That(snapshot.MeanGate, Is.LessThan(0.99), "the gate must be doing something");
        Assert.That(snapshot.ProtectedFraction, Is.GreaterThan(0));
    }

    [Test]
    public void ResetEligibility_ClearsTheTracesOnly()
    {
        var net = Clamped();
        var options = AllMechanisms();
        options.Selective = new SelectivePlasticityOptions();
        var trainer = new PlasticityTrainer(net, options);
        trainer.ConfigureProgress(false);
        trainer.Train(ClampedInputs(3, seed: 2));
        var (w, theta) = (net.W.ToArray(), trainer.Thresholds.ToArray());
        Assert.That(trainer.EligibilityTraces.ToArray(), Has.Some.GreaterThan(0f));
        trainer.ResetEligibility();
        Assert.That(trainer.EligibilityTraces.ToArray(), Is.All.EqualTo(0f));
        Assert.That(trainer.Snapshot().MeanEligibility, Is.EqualTo(0));
        Assert.That((net.W.ToArray(), trainer.Thresholds.ToArray()), Is.EqualTo((w, theta)));
    }

    [Test]
    public void Train_CompiledAndStepPaths_GiveTheSameBits()
    {
        // Real recurrent dynamics this time (W drives the spikes), with every mechanism and short-term plasticity on.
        RecurrentSpikingNetwork Net() => new(64, new RecurrentSpikingOptions
        {
            ConnectionProbability = 0.2f, InitialWeightScale = 0.3f, Seed = 11, ShortTermPlasticity = ShortTermPlasticityOptions.Facilitating(),
        });
        var random = new Random(2);
        var inputs = new Matrix(5, 64);
        foreach (ref float v in inputs.AsSpan()) v = (float)(random.NextDouble() * 0.35);
        var options = AllMechanisms();
        options.Homeostasis!.TargetRateHz = 20;
        options.Epochs = 3;
        options.Selective = new SelectivePlasticityOptions { WarmupApplications = 5 };
        options.StepsPerPattern = 40;
        var (a, b) = (Net(), Net());
        var (ta, tb) = (new PlasticityTrainer(a, options), new PlasticityTrainer(b, options));
        ta.ConfigureProgress(false, useCompile: true);
        tb.ConfigureProgress(false, useCompile: false);
        ta.Train(inputs, [1f, 0.5f, -1f, 2f, 1f]);
        tb.Train(inputs, [1f, 0.5f, -1f, 2f, 1f]);
        Assert.That(a.W.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(b.W.ToArray().Select(BitConverter.SingleToInt32Bits)));
        Assert.That(ta.Thresholds.ToArray(), Is.EqualTo(tb.Thresholds.ToArray()));
        Assert.That(ta.EligibilityTraces.ToArray(), Is.EqualTo(tb.EligibilityTraces.ToArray()));
        Assert.That(a.Membrane.ToArray(), Is.EqualTo(b.Membrane.ToArray()));
        Assert.That(ta.Snapshot(), Is.EqualTo(tb.Snapshot()));
        Assert.That(ta.Snapshot().Potentiated, Is.GreaterThan(0), "the network must have been active");
    }

    [Test]
    public void Train_SilentNetwork_DecayIsGeometric()
    {
        // No input, no spikes: every application only decays, w_k = w_0 (1 − δ)^k (w_min = 0).
        var net = Clamped();
        var w0 = net.W.ToArray();
        var trainer = new PlasticityTrainer(net, new PlasticityOptions { WeightDecay = 0.05f, Schedule = PlasticitySchedule.EveryStep, StepsPerPattern = 30 });
        trainer.ConfigureProgress(false);
        trainer.Train(new Matrix(1, N));
        double keep = Math.Pow(0.95, 30);
        Assert.That(net.W.ToArray(), Is.EqualTo(w0.Select(v => (float)(v * keep))).Within(1e-6f));
        Assert.That(trainer.Snapshot().Potentiated + trainer.Snapshot().Depressed, Is.EqualTo(0));
    }

    [Test]
    public void Train_SilentNetwork_HomeostasisScalesUpGeometrically()
    {
        // Rate 0 against any target: factor e^γ every window, so w_k = w_0 e^{γk} until w_max.
        var net = Clamped();
        var w0 = net.W.ToArray();
        var trainer = new PlasticityTrainer(net, new PlasticityOptions
        {
            LearningRate = 0, WeightDecay = 0, StepsPerPattern = 50, MaxWeight = 10,
            Homeostasis = new HomeostasisOptions { Interval = 10, ScalingRate = 0.1f },
        });
        trainer.ConfigureProgress(false);
        trainer.Train(new Matrix(1, N));
        double grow = Math.Exp(0.1 * 5);
        Assert.That(net.W.ToArray(), Is.EqualTo(w0.Select(v => (float)(v * grow))).Within(1e-5f));
    }

    [TestCase(0.01f)]
    [TestCase(0.02f)]
    [TestCase(0.05f)]
    public void Train_Homeostasis_TimeAveragedRateConvergesToTheTarget(float gamma)
    {
        // Twenty neurons are driven over threshold; the other eighty fire only through recurrent excitation, at first
        // 60-230 Hz. Scaling alone (no Hebbian rule) must bring their time-averaged rate to 10 Hz. Their response to W is
        // steep, so the rate swings from window to window; the average over the last quarter of the run is what
        // homeostasis controls. The rates are sampled every 100 steps from the running estimates (τ = 100 steps).
        var net = new RecurrentSpikingNetwork(100, new RecurrentSpikingOptions { ConnectionProbability = 0.2f, InitialWeightScale = 0.5f, Seed = 5 });
        var input = new Matrix(1, 100);
        for (int i = 0; i < 100; i++) input[0, i] = i < 20 ? 0.15f : 0.05f;
        var trainer = new PlasticityTrainer(net, new PlasticityOptions
        {
            LearningRate = 0, WeightDecay = 0, StepsPerPattern = 1000, Epochs = 40, MonitorInterval = 100,
            Homeostasis = new HomeostasisOptions { TargetRateHz = 10, Interval = 100, ScalingRate = gamma },
        });
        var rates = new List<double>();
        trainer.Monitor = new SyncProgress<PlasticitySnapshot>(_ => rates.Add(net.Rates.ToArray().Skip(20).Average() * 1000));
        trainer.ConfigureProgress(false);
        trainer.Train(input);
        double first = rates.Take(5).Average(), last = rates.Skip(3 * rates.Count / 4).Average();
        Assert.That(first, Is.GreaterThan(50), "the untrained network must start well above the target");
        Assert.That(last, Is.EqualTo(10).Within(3), $"time-averaged rate {first:F1} Hz → {last:F1} Hz, target 10");
    }

    [Test]
    public void Train_ZeroRewardWithoutDecay_LearnsNothing()
    {
        var net = Clamped();
        var w0 = net.W.ToArray();
        var trainer = new PlasticityTrainer(net, new PlasticityOptions { WeightDecay = 0, StepsPerPattern = 8, MinWeight = 0 });
        trainer.ConfigureProgress(false);
        trainer.Train(ClampedInputs(3, seed: 1), [0f, 0f, 0f]);
        Assert.That(net.W.ToArray(), Is.EqualTo(w0));
        Assert.That(trainer.Snapshot().Potentiated, Is.GreaterThan(0), "updates ran, with m = 0");
    }

    [Test]
    public void Train_NegativeReward_ReversesTheChange()
    {
        // Hard bounds far away and no decay: one application with m = −1 moves each synapse by exactly minus what m = +1 does.
        var options = new PlasticityOptions { SoftBounds = false, WeightDecay = 0, MinWeight = -10, MaxWeight = 10, Schedule = PlasticitySchedule.PerPresentation, StepsPerPattern = 3 };
        var inputs = ClampedInputs(1, seed: 4);
        var (up, down) = (Clamped(), Clamped());
        var w0 = up.W.ToArray();
        new PlasticityTrainer(up, options).Train(inputs, [1f]);
        new PlasticityTrainer(down, options).Train(inputs, [-1f]);
        var deltaUp = up.W.ToArray().Zip(w0, (a, b) => a - b).ToArray();
        var deltaDown = down.W.ToArray().Zip(w0, (a, b) => a - b).ToArray();
        Assert.That(deltaDown, Is.EqualTo(deltaUp.Select(d => -d)).Within(1e-6f));
        Assert.That(deltaUp.Count(d => d > 0), Is.GreaterThan(0));
        Assert.That(deltaUp.Count(d => d < 0), Is.GreaterThan(0));
    }

    [TestCase(PlasticitySchedule.EveryStep, 60)]
    [TestCase(PlasticitySchedule.Periodic, 6)]
    [TestCase(PlasticitySchedule.PerPresentation, 6)]
    public void Train_Schedules_ApplyTheRuleAsOftenAsSaid(PlasticitySchedule schedule, long expected)
    {
        // 3 patterns × 10 steps × 2 epochs = 60 steps; periodic every 10; per presentation 3 × 2.
        var trainer = new PlasticityTrainer(Clamped(), new PlasticityOptions { Schedule = schedule, Interval = 10, StepsPerPattern = 10, Epochs = 2 });
        trainer.ConfigureProgress(false);
        trainer.Train(ClampedInputs(3, seed: 2));
        Assert.That(trainer.Applications, Is.EqualTo(expected));
        Assert.That(trainer.StepCount, Is.EqualTo(60));
    }

    [Test]
    public void Train_SelectiveLearning_SkipsQuietWindowsAndLeavesW()
    {
        // About 40 % of the neurons fire: below a 90 % bar nothing is learned (not even decay).
        var net = Clamped();
        var w0 = net.W.ToArray();
        var trainer = new PlasticityTrainer(net, new PlasticityOptions { MinimumActiveFraction = 0.9f, StepsPerPattern = 20, Interval = 5 });
        trainer.ConfigureProgress(false);
        trainer.Train(ClampedInputs(2, seed: 3));
        Assert.That(trainer.SkippedApplications, Is.EqualTo(trainer.Applications).And.EqualTo(8));
        Assert.That(net.W.ToArray(), Is.EqualTo(w0));
    }

    [Test]
    public void TrainCurriculum_EqualsTheStagesOneAfterAnother_AndNamesThemInSnapshots()
    {
        var options = AllMechanisms();
        var (easy, hard) = (ClampedInputs(2, seed: 5), ClampedInputs(3, seed: 6));
        var a = Clamped();
        var curriculum = new PlasticityTrainer(a, options);
        var snapshots = new List<PlasticitySnapshot>();
        curriculum.Monitor = new SyncProgress<PlasticitySnapshot>(snapshots.Add);
        curriculum.ConfigureProgress(false);
        curriculum.TrainCurriculum([new CurriculumStage("easy", easy, epochs: 2), new CurriculumStage("hard", hard, epochs: 1, rewards: [1f, 2f, 0.5f])]);
        var b = Clamped();
        options.Epochs = 2;
        var sequential = new PlasticityTrainer(b, options);
        sequential.ConfigureProgress(false);
        sequential.Train(easy);
        var oneEpoch = AllMechanisms();
        oneEpoch.Epochs = 1;
        // The same trainer must go on (its thresholds and windows carry over), so the second stage reuses it.
        sequential.TrainCurriculum([new CurriculumStage("", hard, 1, [1f, 2f, 0.5f])]);
        Assert.That(a.W.ToArray(), Is.EqualTo(b.W.ToArray()));
        Assert.That(snapshots.Select(s => (s.Stage, s.Epoch)), Is.EqualTo(new[] { ("easy", 1), ("easy", 2), ("hard", 1) }));
    }

    [Test]
    public void Monitor_Snapshot_MatchesDirectStatistics()
    {
        var net = Clamped();
        var trainer = new PlasticityTrainer(net, new PlasticityOptions { StepsPerPattern = 10, MonitorInterval = 5, MaxWeight = 0.3f, LearningRate = 0.5f });
        var snapshots = new List<PlasticitySnapshot>();
        trainer.Monitor = new SyncProgress<PlasticitySnapshot>(snapshots.Add);
        trainer.ConfigureProgress(false);
        trainer.Train(ClampedInputs(2, seed: 9));
        Assert.That(snapshots.Select(s => s.Step), Is.EqualTo(new long[] { 5, 10, 15, 20, 20 }), "every 5 steps and at the epoch's end");
        var last = snapshots[^1];
        var weights = net.W.ToArray().Where((_, k) => net.Mask[k] != 0).Select(v => (double)v).ToArray();
        double mean = weights.Average();
        Assert.Multiple(() =>
        {
            Assert.That(last.MeanWeight, Is.EqualTo(mean).Within(1e-9));
            Assert.That(last.WeightStandardDeviation, Is.EqualTo(Math.Sqrt(weights.Average(v => (v - mean) * (v - mean)))).Within(1e-6));
            Assert.That(last.MinWeight, Is.EqualTo((float)weights.Min()));
            Assert.That(last.MaxWeight, Is.EqualTo((float)weights.Max()));
            Assert.That(last.FractionAtUpperBound, Is.EqualTo(weights.Count(v => v >= 0.3f) / (double)weights.Length).Within(1e-12));
            Assert.That(last.MeanRateHz, Is.EqualTo(net.Rates.ToArray().Average() * 1000).Within(1e-3));
            Assert.That(last.FractionAtLowerBound, Is.EqualTo(weights.Count(v => v <= 0f) / (double)weights.Length).Within(1e-12));
            Assert.That((last.Epoch, last.Stage), Is.EqualTo((1, "")), "outside a curriculum");
            Assert.That((last.Applications, last.SkippedApplications), Is.EqualTo((trainer.Applications, trainer.SkippedApplications)));
        });
    }

    [Test]
    public void Snapshot_AfterAllMechanisms_ReportsTheReferenceCountsAndTheWeightsDistribution()
    {
        var net = Clamped();
        var inputs = ClampedInputs(4, seed: 7);
        float[] rewards = [1f, -0.5f, 2f, 0f];
        var options = AllMechanisms();
        var reference = Reference(net.W.ToArray(), net.Mask.ToArray(), inputs, rewards, options, out _, out long ltp, out long ltd);
        var trainer = new PlasticityTrainer(net, options);
        trainer.ConfigureProgress(false);
        trainer.Train(inputs, rewards);

        var s = trainer.Snapshot();

        // The reference's weights (double precision, 1e-5 from the trainer's) over the existing synapses.
        var w = reference.Where((_, k) => net.Mask[k] != 0).ToArray();
        double mean = w.Average();
        var actual = net.W.ToArray().Where((_, k) => net.Mask[k] != 0).ToArray();
        int atMax = actual.Count(v => v >= options.MaxWeight), atMin = actual.Count(v => v <= options.MinWeight);
        Assert.That(atMax, Is.Not.EqualTo(atMin), "the bound fractions must differ, so a swap of the two would show");
        Assert.Multiple(() =>
        {
            Assert.That((s.Step, s.Epoch, s.Stage), Is.EqualTo((48L, 0, "")), "4 patterns × 6 steps × 2 epochs; no call running");
            Assert.That((s.Potentiated, s.Depressed), Is.EqualTo((ltp, ltd)));
            Assert.That((s.Applications, s.SkippedApplications), Is.EqualTo((12L, 0L)), "every 4th of 48 steps, none skipped");
            Assert.That(s.MeanWeight, Is.EqualTo(mean).Within(1e-5));
            Assert.That(s.WeightStandardDeviation, Is.EqualTo(Math.Sqrt(w.Average(v => (v - mean) * (v - mean)))).Within(1e-5));
            Assert.That(s.MinWeight, Is.EqualTo(w.Min()).Within(1e-5));
            Assert.That(s.MaxWeight, Is.EqualTo(w.Max()).Within(1e-5));
            Assert.That(s.FractionAtUpperBound, Is.EqualTo(atMax / (double)actual.Length).Within(1e-12));
            Assert.That(s.FractionAtLowerBound, Is.EqualTo(atMin / (double)actual.Length).Within(1e-12));
            Assert.That(s.MeanRateHz, Is.EqualTo(net.Rates.ToArray().Average() * 1000).Within(1e-3));
            Assert.That((s.MeanEligibility, s.MeanGate, s.ProtectedFraction), Is.EqualTo((0.0, 1.0, 0.0)), "selective plasticity is off");
        });
    }

    [Test]
    public void Predict_ReturnsTheResponseAndLeavesStateAndWeights()
    {
        var net = new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { Seed = 4, ConnectionProbability = 0.3f });
        var trainer = new PlasticityTrainer(net, new PlasticityOptions { StepsPerPattern = 25 });
        float[] input = Enumerable.Range(0, 30).Select(i => i % 3 == 0 ? 1.5f : 0.05f).ToArray();
        var w = net.W.ToArray();
        var response = trainer.Predict(input);
        Assert.That(net.Membrane.ToArray(), Is.All.EqualTo(0f));
        Assert.That(net.W.ToArray(), Is.EqualTo(w));
        var fresh = new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { Seed = 4, ConnectionProbability = 0.3f });
        Assert.That(response.SpikeCounts, Is.EqualTo(fresh.Run(input, 25)));
        Assert.That(response.RatesHz[0], Is.EqualTo(response.SpikeCounts[0] / 25.0 * 1000).Within(1e-9));
        Assert.That(response.TotalSpikes, Is.GreaterThan(0));
        Assert.That(trainer.PredictBatch(Matrix.FromRows(input, input)).Select(r => r.SpikeCounts), Is.EqualTo(new[] { response.SpikeCounts, response.SpikeCounts }));
    }

    [Test]
    public void Train_StepPath_ReportsEveryStep()
    {
        var trainer = new PlasticityTrainer(Clamped(), new PlasticityOptions { StepsPerPattern = 7 });
        var reports = new List<TrainingProgress>();
        trainer.Progress = new SyncProgress<TrainingProgress>(reports.Add);
        trainer.ConfigureProgress(showProgress: true, useCompile: false);
        trainer.Train(ClampedInputs(2, seed: 1));
        Assert.That(reports.Select(r => r.Item), Is.EqualTo(Enumerable.Range(1, 14).Select(i => (long)i)));
        Assert.That(reports, Is.All.Property(nameof(TrainingProgress.Total)).EqualTo(14L));
    }
}
