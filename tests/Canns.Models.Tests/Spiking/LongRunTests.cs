namespace Canns.Models.Tests.Spiking;

/// <summary>
/// A million steps: the variables that decay or relax stay in the ranges the docs state (and a checkpoint requires),
/// whatever float32 rounding does over that many updates.
/// </summary>
public class LongRunTests
{
    private const int Steps = 1_000_000;

    [TestCase(0.5f, 0f, 800f)]        // depressing
    [TestCase(0.15f, 1500f, 100f)]    // facilitating
    [TestCase(1f, 0f, 0f)]            // every spike releases everything, recovered at once
    [TestCase(0.01f, 1e6f, 1e6f)]     // f and d within an ulp of 1
    [TestCase(0.3f, 0.1f, 3e38f)]     // d = 1 in float32: resources never recover
    public void Step_MillionSteps_ShortTermVariablesAndRatesStayInRange(float u0, float tauF, float tauD)
    {
        var stp = new ShortTermPlasticityOptions { BaselineRelease = u0, FacilitationTimeConstant = tauF, DepressionTimeConstant = tauD };
        var net = new RecurrentSpikingNetwork(10, new RecurrentSpikingOptions
        {
            ConnectionProbability = 0.5f, InitialWeightScale = 0.5f, InhibitoryFraction = 0.3f, RefractorySteps = 1, RateTimeConstant = 1f,
            ShortTermPlasticity = stp, InhibitoryShortTermPlasticity = ShortTermPlasticityOptions.Facilitating(), Seed = 7,
        });
        var random = new Random(11);
        var input = new float[10];
        float lowU = float.PositiveInfinity, highU = float.NegativeInfinity, lowX = float.PositiveInfinity, highX = float.NegativeInfinity;
        float lowE = float.PositiveInfinity, highE = float.NegativeInfinity, lowRate = float.PositiveInfinity, highRate = float.NegativeInfinity;
        bool belowBaseline = false, membranesFinite = true;
        long spikes = 0;
        for (int t = 0; t < Steps; t++)
        {
            for (int i = 0; i < input.Length; i++) input[i] = random.NextDouble() < 0.3 ? 1.5f : 0f;
            net.Step(input);
            for (int i = 0; i < 10; i++)
            {
                float u = net.Release[i], x = net.Resources[i], e = net.Efficacy[i], r = net.Rates[i];
                (lowU, highU) = (MathF.Min(lowU, u), MathF.Max(highU, u));
                (lowX, highX) = (MathF.Min(lowX, x), MathF.Max(highX, x));
                (lowE, highE) = (MathF.Min(lowE, e), MathF.Max(highE, e));
                (lowRate, highRate) = (MathF.Min(lowRate, r), MathF.Max(highRate, r));
                float baseline = i >= 7 ? ShortTermPlasticityOptions.Facilitating().BaselineRelease : u0;
                belowBaseline |= u < baseline;
                membranesFinite &= float.IsFinite(net.Membrane[i]);
                spikes += (long)net.Spikes[i];
            }
        }
        Assert.That(spikes, Is.GreaterThan(Steps), "the neurons fired throughout");
        Assert.Multiple(() =>
        {
            Assert.That(belowBaseline, Is.False, "u ≥ U");
            Assert.That(highU, Is.LessThanOrEqualTo(1f), "u ≤ 1");
            Assert.That((lowX, highX), Is.EqualTo((Math.Max(lowX, 0f), Math.Min(highX, 1f))), "x in [0, 1]");
            Assert.That((lowE, highE), Is.EqualTo((Math.Max(lowE, 0f), Math.Min(highE, 1f))), "e in [0, 1]");
            Assert.That((lowRate, highRate), Is.EqualTo((Math.Max(lowRate, 0f), Math.Min(highRate, 1f))), "ν in [0, 1]");
            Assert.That(membranesFinite, Is.True);
        });
    }

    [TestCase(0.5f)]
    [TestCase(0.95f)]
    [TestCase(0.999f)]
    [TestCase(0.99999f)]
    public void Step_MillionSteps_TracesStayWithinOneOverOneMinusDecay(float decay)
    {
        // Every input spikes every step (the largest trace there can be) and the output fires at every other step.
        // The trace then approaches Σ dᵏ = 1/(1 − d) from below; float32 rounding must not carry it past (10⁻⁶ relative).
        var layer = new SpikingLayer(3, 2, new SpikingLayerOptions { PreTraceDecay = decay, PostTraceDecay = decay, Threshold = 0.1f, RefractorySteps = 1, Seed = 1 });
        layer.W.AsSpan().Fill(0.5f);
        var (pre, post) = (new float[] { 1, 1, 1 }, new float[2]);
        float highPre = 0f, highPost = 0f;
        for (int t = 0; t < Steps; t++)
        {
            layer.Step(pre, post);
            highPre = MathF.Max(highPre, layer.PreTrace[0]);
            highPost = MathF.Max(highPost, layer.PostTrace[0]);
        }
        double limit = 1.0 / (1.0 - decay);
        Assert.That(highPre, Is.LessThanOrEqualTo(limit * (1 + 1e-6)), "x̄ ≤ 1/(1 − d₊)");
        Assert.That(highPost, Is.LessThanOrEqualTo(limit * (1 + 1e-6)), "ȳ ≤ 1/(1 − d₋)");
        // ȳ of an output firing every other step: Σ d^(2k) = 1/(1 − d²), just after a spike.
        Assert.That(highPost, Is.LessThanOrEqualTo(1.0 / (1.0 - (double)decay * decay) * (1 + 1e-6)));
        Assert.That(layer.PreTrace.ToArray(), Is.All.GreaterThan(0f));
    }

    [Test]
    public void Step_NoDecay_TraceCountsEverySpikeOfAMillion()
    {
        // d = 1 (allowed: (0, 1]) makes the trace a spike count, exact in float32 up to 2²⁴ = 16,777,216 (where, as the
        // docs say, x + 1 rounds back to x and the count stops).
        var layer = new SpikingLayer(1, 1, new SpikingLayerOptions { PreTraceDecay = 1f, PostTraceDecay = 1f, Seed = 1 });
        layer.W.AsSpan()[0] = 0f;
        var post = new float[1];
        for (int t = 0; t < Steps; t++) layer.Step([1f], post);
        Assert.That(layer.PreTrace[0], Is.EqualTo((float)Steps), "exact at a million");
    }
}
