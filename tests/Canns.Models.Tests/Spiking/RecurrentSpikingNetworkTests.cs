namespace Canns.Models.Tests.Spiking;

public class RecurrentSpikingNetworkTests
{
    private static RecurrentSpikingNetwork Isolated(int n, RecurrentSpikingOptions? options = null)
    {
        options ??= new RecurrentSpikingOptions();
        options.ConnectionProbability = 0;
        options.Seed = 1;
        return new RecurrentSpikingNetwork(n, options);
    }

    [Test]
    public void Constructor_Connectivity_NoSelfSynapsesAndBinomialCount()
    {
        int n = 200;
        var net = new RecurrentSpikingNetwork(n, new RecurrentSpikingOptions { ConnectionProbability = 0.1f, InitialWeightScale = 0.3f, Seed = 4 });
        var mask = net.Mask;
        var w = net.W.AsReadOnlySpan();
        long count = 0;
        for (int i = 0; i < n; i++)
        {
            Assert.That(mask[i * n + i], Is.EqualTo(0f), $"self-synapse {i}");
            for (int j = 0; j < n; j++)
            {
                int k = i * n + j;
                if (mask[k] == 0) Assert.That(w[k], Is.EqualTo(0f));
                else
                {
                    count++;
                    Assert.That(w[k], Is.InRange(0f, 0.3f));
                    Assert.That(net.IsConnected(i, j), Is.True);
                }
            }
        }
        Assert.That(net.ConnectionCount, Is.EqualTo(count));
        // Binomial(n(n − 1), 0.1): mean 3,980, standard deviation 60; four of them either side.
        Assert.That(count, Is.InRange(3980 - 240, 3980 + 240));
    }

    [Test]
    public void Constructor_SameSeed_SameNetworkOtherSeedDiffers()
    {
        var a = new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { Seed = 9 });
        var b = new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { Seed = 9 });
        var c = new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { Seed = 10 });
        Assert.That((a.Seed, b.Seed, c.Seed), Is.EqualTo((9, 9, 10)));
        Assert.That(a.W.AsReadOnlySpan().ToArray(), Is.EqualTo(b.W.AsReadOnlySpan().ToArray()));
        Assert.That(a.Mask.ToArray(), Is.EqualTo(b.Mask.ToArray()));
        Assert.That(c.Mask.ToArray(), Is.Not.EqualTo(a.Mask.ToArray()));
    }

    [Test]
    public void Constructor_DefaultOptions_ReproduceTheNetworkOfSeedZero()
    {
        // The documented default seed is 0, so a network made with the defaults is the same every time.
        var a = new RecurrentSpikingNetwork(30);
        var b = new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { Seed = 0 });
        var injected = new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { Seed = 7 }, new Random(0));
        Assert.That((a.Seed, injected.Seed), Is.EqualTo((0, 7)));
        Assert.That(a.W.AsReadOnlySpan().ToArray(), Is.EqualTo(b.W.AsReadOnlySpan().ToArray()));
        Assert.That(a.Mask.ToArray(), Is.EqualTo(b.Mask.ToArray()));
        Assert.That(injected.W.AsReadOnlySpan().ToArray(), Is.EqualTo(a.W.AsReadOnlySpan().ToArray()), "an injected Random(0) draws what the seed 0 draws");
    }

    [Test]
    public void Step_RandomNetwork_MatchesDoubleReference()
    {
        int n = 60, steps = 200;
        var options = new RecurrentSpikingOptions { ConnectionProbability = 0.2f, InitialWeightScale = 0.4f, RefractorySteps = 1, Seed = 2 };
        var net = new RecurrentSpikingNetwork(n, options);
        var w = net.W.AsReadOnlySpan().ToArray();
        var random = new Random(8);
        double[] v = new double[n], spikes = new double[n], rates = new double[n];
        int[] refractory = new int[n];
        for (int t = 0; t < steps; t++)
        {
            float[] input = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 0.3)).ToArray();
            net.Step(input);
            var next = new double[n];
            for (int i = 0; i < n; i++)
            {
                if (refractory[i] > 0)
                {
                    refractory[i]--;
                    continue;
                }
                double h = input[i];
                for (int j = 0; j < n; j++) h += w[i * n + j] * spikes[j];
                double vi = 0.9f * v[i] + h;
                Assert.That(Math.Abs(vi - 1), Is.GreaterThan(1e-4), "no near-ties with the threshold in this draw");
                if (vi >= 1) (next[i], vi, refractory[i]) = (1, 0, 1);
                v[i] = vi;
            }
            spikes = next;
            for (int i = 0; i < n; i++) rates[i] += (spikes[i] - rates[i]) / 100;
            Assert.That(net.Spikes.ToArray().Select(s => (double)s), Is.EqualTo(spikes), $"spikes at step {t}");
            Assert.That(net.Membrane.ToArray().Select(m => (double)m), Is.EqualTo(v).Within(1e-5), $"membranes at step {t}");
            Assert.That(net.Rates.ToArray().Select(r => (double)r), Is.EqualTo(rates).Within(1e-6), $"rates at step {t}");
        }
        Assert.That(spikes.Sum() + net.Rates.ToArray().Sum(), Is.GreaterThan(0), "the draw must make neurons fire");
    }

    [Test]
    public void Step_SpikeArrivesNextStepWithItsEfficacy()
    {
        // Neuron 0 is driven over threshold at step 1; its spike reaches neuron 1 at step 2 through W[1,0] = 0.7,
        // scaled by the first release u·x = U·1 = 0.4.
        var net = Isolated(2, new RecurrentSpikingOptions { Leak = 0, ShortTermPlasticity = new ShortTermPlasticityOptions { BaselineRelease = 0.4f } });
        net.W.AsSpan()[1 * 2 + 0] = 0.7f;
        net.Step([1.5f, 0f]);
        Assert.That(net.Spikes.ToArray(), Is.EqualTo(new float[] { 1, 0 }));
        Assert.That(net.Efficacy[0], Is.EqualTo(0.4f));
        net.Step([0f, 0f]);
        Assert.That(net.Membrane[1], Is.EqualTo(0.7f * 0.4f).Within(1e-7));
    }

    [Test]
    public void Step_InhibitorySpike_ArrivesWithMinusGainTimesWeight()
    {
        // Three neurons, the last inhibitory (⌊0.34·3⌋ = 1), g = 2.5. Neurons 0 (excitatory) and 2 (inhibitory) fire at
        // step 1; at step 2 neuron 1 gets W[1,0]·1 − 2.5·W[1,2]·1 = 0.6 − 2.5·0.2 = 0.1.
        var net = Isolated(3, new RecurrentSpikingOptions { Leak = 0, InhibitoryFraction = 0.34f, InhibitoryGain = 2.5f });
        Assert.That(net.InhibitoryCount, Is.EqualTo(1));
        Assert.That(net.TransmissionSigns.ToArray(), Is.EqualTo(new[] { 1f, 1f, -2.5f }));
        net.W.AsSpan()[1 * 3 + 0] = 0.6f;
        net.W.AsSpan()[1 * 3 + 2] = 0.2f;
        net.Step([5f, 0f, 5f]);
        net.Step([0f, 0f, 0f]);
        Assert.That(net.Membrane[1], Is.EqualTo(0.1f).Within(1e-6f));
    }

    [Test]
    public void Inhibition_LowersTheRateOfAnExcitedNetwork()
    {
        // Twenty neurons driven over threshold; the rest (below it on their own) fire through recurrent excitation.
        float Rate(float fraction)
        {
            var net = new RecurrentSpikingNetwork(200, new RecurrentSpikingOptions
            {
                ConnectionProbability = 0.2f, InitialWeightScale = 0.3f, Seed = 9, InhibitoryFraction = fraction,
            });
            var input = Enumerable.Range(0, 200).Select(i => i < 20 ? 0.15f : 0.08f).ToArray();
            return net.Run(input, 500).Skip(20).Take(140).Sum() / (140f * 500);
        }
        float excitatory = Rate(0), balanced = Rate(0.2f);
        Assert.That(excitatory, Is.GreaterThan(0.05f), "recurrent excitation drives the undriven excitatory neurons");
        Assert.That(balanced, Is.LessThan(excitatory / 2), "a fifth of inhibitory neurons at g = 4 more than halves their rate");
    }

    [TestCase(0.5f, 0f, 800f, 20)]
    [TestCase(0.15f, 1500f, 100f, 10)]
    [TestCase(0.3f, 50f, 30f, 5)]
    public void ShortTermPlasticity_RegularTrain_ReachesTsodyksMarkramSteadyState(float u0, float tauF, float tauD, int interval)
    {
        // One neuron forced to fire every `interval` steps (input over threshold, refractory in between).
        var stp = new ShortTermPlasticityOptions { BaselineRelease = u0, FacilitationTimeConstant = tauF, DepressionTimeConstant = tauD };
        var net = Isolated(1, new RecurrentSpikingOptions { Leak = 0, RefractorySteps = interval - 1, ShortTermPlasticity = stp });
        double f = tauF == 0 ? 0 : Math.Exp(-1.0 / tauF), d = Math.Exp(-1.0 / tauD);
        double uStar = u0 / (1 - (1 - u0) * Math.Pow(f, interval));
        double xStar = (1 - Math.Pow(d, interval)) / (1 - (1 - uStar) * Math.Pow(d, interval));
        float last = float.NaN;
        int spikesSeen = 0;
        for (int t = 0; t < interval * 3000 && spikesSeen < 3000; t++)
        {
            net.Step([2f]);
            if (net.Spikes[0] != 0)
            {
                last = net.Efficacy[0];
                spikesSeen++;
            }
        }
        Assert.That(spikesSeen, Is.EqualTo(3000));
        Assert.That(last, Is.EqualTo(uStar * xStar).Within(2e-5), "release u*·x* at a spike in the steady state");
        // Right after that spike: x⁺ = x*(1 − u*) and u⁺ = u* + U(1 − u*).
        Assert.That(net.Resources[0], Is.EqualTo(xStar * (1 - uStar)).Within(2e-5));
        Assert.That(net.Release[0], Is.EqualTo(uStar + u0 * (1 - uStar)).Within(2e-5));
    }

    [Test]
    public void ShortTermPlasticity_PairedPulses_DepressingReleasesLessFacilitatingMore()
    {
        float Ratio(ShortTermPlasticityOptions stp)
        {
            var net = Isolated(1, new RecurrentSpikingOptions { Leak = 0, RefractorySteps = 4, ShortTermPlasticity = stp });
            net.Step([2f]);
            float first = net.Efficacy[0];
            for (int t = 0; t < 5; t++) net.Step([2f]);
            Assert.That(net.Spikes[0], Is.EqualTo(1f));
            return net.Efficacy[0] / first;
        }
        Assert.That(Ratio(ShortTermPlasticityOptions.Depressing()), Is.LessThan(0.6f));
        Assert.That(Ratio(ShortTermPlasticityOptions.Facilitating()), Is.GreaterThan(1.5f));
    }

    [Test]
    public void ShortTermPlasticity_PerPopulation_EachPopulationAsANetworkOfItsKindAlone()
    {
        // Isolated neurons (no synapses), so the spikes are the input's alone, whatever the efficacies: the first six
        // excitatory and depressing, the last two inhibitory and facilitating. Each half must follow, bit for bit, a
        // network where every neuron has that half's short-term plasticity.
        RecurrentSpikingNetwork Net(ShortTermPlasticityOptions? all, ShortTermPlasticityOptions? inhibitory) => Isolated(8, new RecurrentSpikingOptions
        {
            Leak = 0, RefractorySteps = 0, InhibitoryFraction = 0.25f, ShortTermPlasticity = all, InhibitoryShortTermPlasticity = inhibitory,
        });
        var mixed = Net(ShortTermPlasticityOptions.Depressing(), ShortTermPlasticityOptions.Facilitating());
        var depressing = Net(ShortTermPlasticityOptions.Depressing(), null);
        var facilitating = Net(ShortTermPlasticityOptions.Facilitating(), null);
        Assert.That(mixed.InhibitoryCount, Is.EqualTo(2));
        Assert.That(mixed.Release.ToArray(), Is.EqualTo(new[] { 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.15f, 0.15f }), "u starts at each population's U");
        var random = new Random(4);
        var input = new float[8];
        for (int t = 0; t < 300; t++)
        {
            for (int i = 0; i < 8; i++) input[i] = random.NextDouble() < 0.3 ? 2f : 0f;
            foreach (var net in new[] { mixed, depressing, facilitating }) net.Step(input);
            Assert.That(mixed.Efficacy[..6].ToArray(), Is.EqualTo(depressing.Efficacy[..6].ToArray()), $"step {t}, excitatory");
            Assert.That(mixed.Efficacy[6..].ToArray(), Is.EqualTo(facilitating.Efficacy[6..].ToArray()), $"step {t}, inhibitory");
        }
        Assert.That(mixed.Release[..6].ToArray(), Is.EqualTo(depressing.Release[..6].ToArray()));
        Assert.That(mixed.Resources[6..].ToArray(), Is.EqualTo(facilitating.Resources[6..].ToArray()));
        Assert.That(mixed.Efficacy.ToArray().Distinct().Count(), Is.GreaterThan(2), "the two kinds of synapse differ");

        // Inhibitory short-term plasticity alone: the excitatory neurons transmit every spike with efficacy 1.
        var onlyInhibitory = Net(null, ShortTermPlasticityOptions.Facilitating());
        onlyInhibitory.Step([2f, 2f, 2f, 2f, 2f, 2f, 2f, 2f]);
        Assert.That(onlyInhibitory.Efficacy[..6].ToArray(), Is.All.EqualTo(1f));
        Assert.That(onlyInhibitory.Efficacy[6], Is.EqualTo(0.15f), "u·x = U·1 at the first spike");
    }

    [Test]
    public void Step_BadInput_ThrowsAndLeavesStateUnchanged()
    {
        var net = new RecurrentSpikingNetwork(4, new RecurrentSpikingOptions { Seed = 3 });
        net.Step([0.5f, 2f, 0, 0]);
        var before = (net.Membrane.ToArray(), net.Spikes.ToArray(), net.Rates.ToArray(), net.RefractoryRemaining.ToArray());
        Assert.Throws<ArgumentException>(() => net.Step([0, float.NaN, 0, 0]));
        Assert.Throws<ArgumentException>(() => net.Step([0, 0, 0]));
        Assert.Throws<ArgumentException>(() => net.Run([0, 0, float.PositiveInfinity, 0], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Run([0, 0, 0, 0], -1));
        Assert.That((net.Membrane.ToArray(), net.Spikes.ToArray(), net.Rates.ToArray(), net.RefractoryRemaining.ToArray()), Is.EqualTo(before));
    }

    [Test]
    public void Run_CancelledToken_ThrowsBeforeAnyStepAndLeavesStateUnchanged()
    {
        var net = new RecurrentSpikingNetwork(4, new RecurrentSpikingOptions { Seed = 3 });
        net.Step([0.5f, 2f, 0, 0]);
        var before = (net.Membrane.ToArray(), net.Spikes.ToArray(), net.Rates.ToArray(), net.RefractoryRemaining.ToArray());
        Assert.Throws<OperationCanceledException>(() => net.Run([2f, 2f, 2f, 2f], 10, new CancellationToken(canceled: true)));
        Assert.That((net.Membrane.ToArray(), net.Spikes.ToArray(), net.Rates.ToArray(), net.RefractoryRemaining.ToArray()), Is.EqualTo(before));
    }

    [Test]
    public void Run_WithALiveToken_CountsTheSameSpikesAsStepByStep()
    {
        // The token changes nothing but the chance to stop: the counts equal a loop of Step summing Spikes.
        var options = new RecurrentSpikingOptions { Seed = 7, ConnectionProbability = 0.3f };
        var input = Enumerable.Range(0, 12).Select(i => 0.8f + 0.05f * i).ToArray();
        var byStep = new RecurrentSpikingNetwork(12, options);
        var expected = new int[12];
        for (int s = 0; s < 40; s++)
        {
            byStep.Step(input);
            for (int i = 0; i < 12; i++) expected[i] += (int)byStep.Spikes[i];
        }
        using var cts = new CancellationTokenSource();
        var counts = new RecurrentSpikingNetwork(12, options).Run(input, 40, cts.Token);
        Assert.That(counts, Is.EqualTo(expected));
        Assert.That(counts.Sum(), Is.GreaterThan(0), "the input makes the neurons fire");
    }

    [Test]
    public void Reset_ClearsDynamicStateKeepsWeights()
    {
        var net = new RecurrentSpikingNetwork(20, new RecurrentSpikingOptions { Seed = 5, ShortTermPlasticity = new ShortTermPlasticityOptions() });
        var w = net.W.AsReadOnlySpan().ToArray();
        net.Run(Enumerable.Repeat(1.2f, 20).ToArray(), 30);
        net.Reset();
        Assert.Multiple(() =>
        {
            Assert.That(net.Membrane.ToArray(), Is.All.EqualTo(0f));
            Assert.That(net.Spikes.ToArray(), Is.All.EqualTo(0f));
            Assert.That(net.Rates.ToArray(), Is.All.EqualTo(0f));
            Assert.That(net.Release.ToArray(), Is.All.EqualTo(0.5f));
            Assert.That(net.Resources.ToArray(), Is.All.EqualTo(1f));
            Assert.That(net.W.AsReadOnlySpan().ToArray(), Is.EqualTo(w));
        });
    }

    [Test]
    public void Run_CountsSpikes_AndRatesConvertToHertz()
    {
        // Forced every third step (two refractory steps): 10 spikes in 30 steps.
        var net = Isolated(1, new RecurrentSpikingOptions { Leak = 0, RefractorySteps = 2, TimeStepMilliseconds = 0.5f });
        Assert.That(net.Run([5f], 30), Is.EqualTo(new[] { 10 }));
        Assert.That(net.RateInHertz(1.0 / 3), Is.EqualTo(666.666).Within(1e-2), "a third of the 0.5 ms steps");
    }

    [Test]
    public void Accessors_BadIndexOrName_Throw()
    {
        var net = Isolated(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.IsConnected(3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.IsConnected(0, -1));
        Assert.That(net.GetParameter("W"), Is.SameAs(net.W));
        var e = Assert.Throws<KeyNotFoundException>(() => net.GetParameter("mask"));
        Assert.That(e!.Message, Does.Contain("mask").And.Contain("W"));
    }

    [Test]
    public void Step_WithoutInput_PropagatesTheLastSpikesOnly()
    {
        // As Step_SpikeArrivesNextStepWithItsEfficacy, with the input-free Step(): neuron 1 gets W[1,0]·U = 0.7·0.4
        // and nothing else; with leak 0 neuron 0's membrane (reset to 0 by its spike) stays 0.
        var net = Isolated(2, new RecurrentSpikingOptions { Leak = 0, ShortTermPlasticity = new ShortTermPlasticityOptions { BaselineRelease = 0.4f } });
        net.W.AsSpan()[1 * 2 + 0] = 0.7f;
        net.Step([1.5f, 0f]);

        net.Step();

        Assert.That(net.Membrane[0], Is.EqualTo(0f));
        Assert.That(net.Membrane[1], Is.EqualTo(0.7f * 0.4f).Within(1e-7));
        Assert.That(net.Spikes.ToArray(), Is.EqualTo(new float[] { 0, 0 }));
    }
}
