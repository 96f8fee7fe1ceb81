using Canns.Models;

namespace Canns.Trainers.Tests.Plasticity;

/// <summary>Valid options whose arithmetic leaves float32: refused up front naming the option, or computed so it stays finite.</summary>
public class PlasticityExtremeOptionsTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void Train_ScalingFactorOverflowsFloat_ZeroWeightsStayZeroOthersReachTheBound(bool compiled)
    {
        // A silent network (rate 0) with γ = 100: the factor exp(γ (ν₀ − 0)/ν₀) = e¹⁰⁰ ≈ 2.7e43 is beyond float32. Exactly,
        // w · e¹⁰⁰ clipped to [0, 1] is 0 for w = 0 and 1 for every w > 3.7e-44; exp gave ∞, and 0 · ∞ = NaN was refused
        // as a divergence blaming the learning rates.
        var net = new RecurrentSpikingNetwork(12, new RecurrentSpikingOptions { ConnectionProbability = 0.5f, InitialWeightScale = 0.2f, Seed = 3 });
        var w = net.W.AsSpan();
        var synapses = Enumerable.Range(0, w.Length).Where(k => net.Mask[k] != 0).ToArray();
        w[synapses[0]] = 0f;
        w[synapses[5]] = 0f;
        var expected = net.W.ToArray().Select((x, k) => net.Mask[k] == 0 || x == 0 ? x : 1f).ToArray();
        var trainer = new PlasticityTrainer(net, new PlasticityOptions
        {
            LearningRate = 0, WeightDecay = 0, StepsPerPattern = 10,
            Homeostasis = new HomeostasisOptions { TargetRateHz = 5, Interval = 10, ScalingRate = 100 },
        });
        trainer.ConfigureProgress(false, compiled);

        trainer.Train(new Matrix(1, 12));

        Assert.That(net.W.ToArray(), Is.EqualTo(expected));
    }

    [TestCase(2000f, 1f, "Homeostasis.TargetRateHz (2000)", "at most once a step")]
    [TestCase(5f, 1e-44f, "Homeostasis.TargetRateHz (5)", "underflows float32")]
    public void Constructor_HomeostaticTargetNotARateInTheNetworksSteps_ThrowsNamingIt(float hz, float dt, string name, string problem)
    {
        // 2000 Hz at 1 ms is 2 spikes per step, never reached; 5 Hz at 1e-44 ms is 5e-47 per step, 0 in float32 (the
        // factor would be exp(−∞) or NaN).
        var net = new RecurrentSpikingNetwork(4, new RecurrentSpikingOptions { TimeStepMilliseconds = dt, Seed = 1 });
        var options = new PlasticityOptions { Homeostasis = new HomeostasisOptions { TargetRateHz = hz } };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PlasticityTrainer(net, options));

        Assert.That(e!.Message, Does.Contain(name).And.Contain(problem));
    }

    [Test]
    public void Constructor_InhibitoryTargetAboveOneSpikePerStep_ThrowsNamingIt()
    {
        var net = new RecurrentSpikingNetwork(4, new RecurrentSpikingOptions { TimeStepMilliseconds = 2f, Seed = 1 });
        var options = new PlasticityOptions { Homeostasis = new HomeostasisOptions { TargetRateHz = 5, InhibitoryTargetRateHz = 600 } };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PlasticityTrainer(net, options));

        Assert.That(e!.Message, Does.Contain("Homeostasis.InhibitoryTargetRateHz (600)").And.Contain("1.2 spikes per step"));
        Assert.That(e.Message, Does.Not.Contain("Homeostasis.TargetRateHz"));
    }

    [Test]
    public void Constructor_BcmTargetWhoseInverseOverflows_ThrowsNamingIt()
    {
        // ν₀ = 1e-37 Hz · 1 ms / 1000 is 1e-40 per step, above 0, but 1/ν₀ is beyond float32: θ = ν² / ν₀ would be ∞,
        // and NaN (0 · ∞) for a silent neuron.
        var net = new RecurrentSpikingNetwork(4, new RecurrentSpikingOptions { Seed = 1 });
        var options = new PlasticityOptions { Metaplasticity = new MetaplasticityOptions { TargetRateHz = 1e-37f } };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PlasticityTrainer(net, options));

        Assert.That(e!.Message, Does.Contain("Metaplasticity.TargetRateHz (1E-37)").And.Contain("inverse overflows"));
    }

    [Test]
    public void Constructor_TargetsAtTheLimits_AreAccepted()
    {
        // Exactly one spike per step (1000 Hz at 1 ms) is a rate a neuron without refractory period can fire at.
        var net = new RecurrentSpikingNetwork(4, new RecurrentSpikingOptions { RefractorySteps = 0, Seed = 1 });
        var options = new PlasticityOptions
        {
            Homeostasis = new HomeostasisOptions { TargetRateHz = 1000, InhibitoryTargetRateHz = 1000 },
            Metaplasticity = new MetaplasticityOptions { TargetRateHz = 1000 },
        };

        Assert.DoesNotThrow(() => new PlasticityTrainer(net, options));
    }

    [Test]
    public void Train_StepsBeyondTheLongCounter_ThrowsBeforeRunning()
    {
        // 5 patterns × (2³¹ − 1) epochs × (2³¹ − 1) steps ≈ 2.3e19 > long.MaxValue ≈ 9.2e18: the total wrapped to a
        // negative number and the run started. (Before the fix the first progress report cancels it, so the test ends.)
        var net = new RecurrentSpikingNetwork(4, new RecurrentSpikingOptions { Seed = 1 });
        var trainer = new PlasticityTrainer(net, new PlasticityOptions { Epochs = int.MaxValue, StepsPerPattern = int.MaxValue });
        using var stop = new CancellationTokenSource();
        trainer.Progress = new SyncProgress<TrainingProgress>(_ => stop.Cancel());
        trainer.ConfigureProgress(true, useCompile: false);
        var w = net.W.ToArray();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Train(new Matrix(5, 4), stop.Token));

        Assert.That(e!.Message, Does.Contain("steps").And.Contain(long.MaxValue.ToString()));
        Assert.That((net.W.ToArray(), trainer.StepCount), Is.EqualTo((w, 0L)));
    }

    [TestCase(true, false)]
    [TestCase(false, false)]
    [TestCase(true, true)]
    [TestCase(false, true)]
    public void Train_BcmGainOverflowsFloat_ThrowsNamingTheGainAndRollsEverythingBack(bool compiled, bool everyNeuronFires)
    {
        // Valid options whose product does not fit float32: the gain η_B m ν_i (ν_i − θ_i) with η_B = 1e20 and θ_i = 1e30
        // is about −1e48 ν_i for a neuron that fired (ν_i ≥ 0.01 after one spike). Times ν_j it gave −∞ · 0 = NaN
        // where the presynaptic neuron was silent, refused as a diverged weight blaming the learning rates and the
        // rewards; and where every neuron fires, −∞ clipped to the bound silently.
        const int n = 12;
        var net = new RecurrentSpikingNetwork(n, new RecurrentSpikingOptions
        {
            ConnectionProbability = 0.5f, InitialWeightScale = 0.05f, Leak = 0, RefractorySteps = 0, Seed = 3,
        });
        // Leak 0 and at most 11 × 0.05 of recurrent drive: a neuron fires only while its own current is 1.5.
        var data = new Matrix(2, n);
        for (int i = 0; i < n; i++) data[0, i] = data[1, i] = everyNeuronFires || i % 2 == 0 ? 1.5f : 0f;
        var warmUp = new PlasticityTrainer(net, new PlasticityOptions { StepsPerPattern = 10, Metaplasticity = new MetaplasticityOptions() });
        warmUp.ConfigureProgress(false, compiled);
        warmUp.Train(data);
        var trainer = new PlasticityTrainer(net, new PlasticityOptions
        {
            StepsPerPattern = 10, Metaplasticity = new MetaplasticityOptions { LearningRate = 1e20f, InitialThreshold = 1e30f },
        });
        trainer.ConfigureProgress(false, compiled);
        var w = net.W.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
        var state = net.SaveState();
        var theta = trainer.Thresholds.ToArray();

        var e = Assert.Throws<NotFiniteNumberException>(() => trainer.Train(data));

        Assert.That(e!.Message, Does.StartWith($"The BCM gain η_B m ν_i (ν_i − θ_i) of neuron 0 is {float.NegativeInfinity}:").And.Contain("overflows float32")
            .And.Contain("Metaplasticity.LearningRate (1E+20)").And.Contain("θ_i = 1E+30").And.Contain("Metaplasticity.InitialThreshold")
            .And.Contain("Nothing changed"));
        Assert.That(e.Message, Does.Not.Contain("W["));
        Assert.That(net.W.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(w));
        var after = net.SaveState();
        Assert.That((after.Membrane, after.Spikes, after.Rates, after.Refractory, after.Efficacy, after.Release, after.Resources),
            Is.EqualTo((state.Membrane, state.Spikes, state.Rates, state.Refractory, state.Efficacy, state.Release, state.Resources)));
        Assert.That(trainer.Thresholds.ToArray(), Is.EqualTo(theta));
        Assert.That((trainer.StepCount, trainer.Applications), Is.EqualTo((0L, 0L)));
    }
}
