using Canns.Models;

namespace Canns.Models.Tests.Layers;

public class SpikingLayerTests
{
    private static SpikingLayer Single(float w, int refractory = 0, float leak = 0.5f)
    {
        var layer = new SpikingLayer(1, 1, new SpikingLayerOptions
        {
            Leak = leak, Threshold = 1f, ResetPotential = 0f, RefractorySteps = refractory, PreTraceDecay = 0.5f, PostTraceDecay = 0.25f,
        });
        layer.W.AsSpan()[0] = w;
        return layer;
    }

    [Test]
    public void Options_Defaults_ArePinned()
    {
        var o = new SpikingLayerOptions();
        Assert.That((o.Leak, o.Threshold, o.ResetPotential, o.RefractorySteps, o.PreTraceDecay, o.PostTraceDecay, o.InitialWeightScale, o.Seed),
            Is.EqualTo((0.9f, 1f, 0f, 0, 0.95f, 0.95f, (float?)null, 0)));
    }

    [Test]
    public void Step_HandWorkedLif_IntegratesLeaksFiresAndResets()
    {
        var layer = Single(0.6f);
        var post = new float[1];
        layer.Step([1f], post); // v = 0.5·0 + 0.6 = 0.6
        Assert.That((post[0], layer.Membrane[0]), Is.EqualTo((0f, 0.6f)));
        layer.Step([1f], post); // v = 0.3 + 0.6 = 0.9
        Assert.That(post[0], Is.EqualTo(0f));
        Assert.That(layer.Membrane[0], Is.EqualTo(0.9f).Within(1e-6));
        layer.Step([1f], post); // v = 0.45 + 0.6 = 1.05 ≥ 1: spike, reset
        Assert.That((post[0], layer.Membrane[0]), Is.EqualTo((1f, 0f)));
    }

    [Test]
    public void Step_Refractory_HoldsNeuronSilent()
    {
        var layer = Single(2f, refractory: 2);
        var post = new float[1];
        var spikes = new List<float>();
        for (int t = 0; t < 6; t++)
        {
            layer.Step([1f], post);
            spikes.Add(post[0]);
        }
        Assert.That(spikes, Is.EqualTo(new float[] { 1, 0, 0, 1, 0, 0 }));
    }

    [Test]
    public void Step_Traces_DecayAndAddSpikes()
    {
        var layer = Single(2f);
        var post = new float[1];
        layer.Step([1f], post); // pre 1, post 1
        layer.Step([0f], post); // v = 0 → no spike
        Assert.That(layer.PreTrace[0], Is.EqualTo(0.5f));
        Assert.That(layer.PostTrace[0], Is.EqualTo(0.25f));
    }

    [Test]
    public void Reset_ClearsDynamicStateKeepsWeights()
    {
        var layer = Single(0.6f, refractory: 3);
        var post = new float[1];
        for (int t = 0; t < 3; t++) layer.Step([1f], post);
        layer.Reset();
        Assert.That((layer.Membrane[0], layer.PreTrace[0], layer.PostTrace[0], layer.RefractoryRemaining[0]), Is.EqualTo((0f, 0f, 0f, 0)));
        Assert.That(layer.W.AsReadOnlySpan()[0], Is.EqualTo(0.6f));
    }

    [TestCase(0.5f)]
    [TestCase(float.NaN)]
    [TestCase(-1f)]
    public void Step_NonBinaryInput_ThrowsAndLeavesStateUnchanged(float bad)
    {
        var layer = Single(0.6f);
        var post = new float[1];
        layer.Step([1f], post);
        var e = Assert.Throws<ArgumentException>(() => layer.Step([bad], post));
        Assert.That(e!.Message, Does.Contain("0 or 1"));
        Assert.That((layer.Membrane[0], layer.PreTrace[0]), Is.EqualTo((0.6f, 1f)));
    }

    [Test]
    public void Step_WrongLength_ThrowsNamingBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new SpikingLayer(3, 2).Step(new float[4], new float[2]));
        Assert.That(e!.Message, Does.Contain("4").And.Contain("3 inputs"));
    }

    [Test]
    public void Ctor_SameSeed_SameWeightsDifferentSeedsDiffer()
    {
        var a = new SpikingLayer(20, 4, new SpikingLayerOptions { Seed = 1 });
        var b = new SpikingLayer(20, 4, new SpikingLayerOptions { Seed = 1 });
        var c = new SpikingLayer(20, 4, new SpikingLayerOptions { Seed = 2 });
        Assert.That(a.W.ToArray(), Is.EqualTo(b.W.ToArray()));
        Assert.That(a.W.ToArray(), Is.Not.EqualTo(c.W.ToArray()));
    }

    [Test]
    public void Ctor_DefaultOptions_ReproduceTheWeightsOfSeedZero()
    {
        // The documented default seed is 0: w_k = u_k/√inputs with u_k the k-th draw of new Random(0), row-major.
        var random = new Random(0);
        var expected = Enumerable.Range(0, 80).Select(_ => (float)(random.NextDouble() * (1f / MathF.Sqrt(20)))).ToArray();
        var a = new SpikingLayer(20, 4);
        Assert.That(a.Seed, Is.EqualTo(0));
        Assert.That(a.W.ToArray(), Is.EqualTo(expected));
        Assert.That(new SpikingLayer(20, 4).W.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Ctor_InjectedRandom_WeightsComeFromItAndSeedIsTheOptions()
    {
        var layer = new SpikingLayer(20, 4, new SpikingLayerOptions { Seed = 5 }, new Random(1));
        Assert.That(layer.Seed, Is.EqualTo(5));
        Assert.That(layer.W.ToArray(), Is.EqualTo(new SpikingLayer(20, 4, new SpikingLayerOptions { Seed = 1 }).W.ToArray()));
    }

    [TestCase(0, 1)]
    [TestCase(1, 0)]
    public void Ctor_ZeroSize_Throws(int inputs, int outputs)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpikingLayer(inputs, outputs));
    }

    [TestCase(0f)]
    [TestCase(1.5f)]
    [TestCase(-0.1f)]
    [TestCase(float.NaN)]
    public void Validate_DecayOutsideZeroOne_ThrowsNamingIt(float decay)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SpikingLayer(2, 2, new SpikingLayerOptions { PreTraceDecay = decay }));
        Assert.That(e!.Message, Does.Contain("PreTraceDecay"));
    }

    [Test]
    public void Validate_SeveralBadOptions_ListsEvery()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SpikingLayerOptions
        {
            Leak = 2, ResetPotential = 3, RefractorySteps = -1, PostTraceDecay = 0,
        }.Validate());
        Assert.That(e!.Message, Does.Contain("Leak").And.Contain("ResetPotential").And.Contain("RefractorySteps").And.Contain("PostTraceDecay"));
    }

    [Test]
    public void UseTraceTimeConstants_DecayUnderflowsToZero_ThrowsNamingTheTimeConstant_AndChangesNothing()
    {
        // exp(−200/1) underflows float32 to 0.
        var o = new SpikingLayerOptions();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => o.UseTraceTimeConstants(20f, 1f, 200f));
        Assert.That(e!.ParamName, Is.EqualTo("tauPost"));
        Assert.That(e.Message, Does.Contain("exp(−dt/τ) is 0"));
        Assert.That((o.PreTraceDecay, o.PostTraceDecay), Is.EqualTo((new SpikingLayerOptions().PreTraceDecay, new SpikingLayerOptions().PostTraceDecay)));
    }

    [Test]
    public void UseTraceTimeConstants_SetsExpDecays()
    {
        var o = new SpikingLayerOptions().UseTraceTimeConstants(20f, 10f, 1f);
        Assert.That(o.PreTraceDecay, Is.EqualTo(Math.Exp(-1 / 20.0)).Within(1e-6));
        Assert.That(o.PostTraceDecay, Is.EqualTo(Math.Exp(-1 / 10.0)).Within(1e-6));
    }

    [Test]
    public void UseTraceTimeConstants_TimeStepLongerThanTau_IsTheExactExponential()
    {
        // An Euler step 1 − dt/τ would be −4 here (a trace flipping sign every step); exp(−dt/τ) is e⁻⁵.
        var o = new SpikingLayerOptions().UseTraceTimeConstants(1f, 2f, 5f);
        Assert.That(o.PreTraceDecay, Is.EqualTo(Math.Exp(-5.0)).Within(1e-9));
        Assert.That(o.PostTraceDecay, Is.EqualTo(Math.Exp(-2.5)).Within(1e-8));
        var layer = new SpikingLayer(1, 1, o);
        var post = new float[1];
        layer.Step([1f], post);
        layer.Step([0f], post);
        Assert.That(layer.PreTrace[0], Is.EqualTo(Math.Exp(-5.0)).Within(1e-9), "one spike, one step of decay");
    }

    [TestCase(0f)]
    [TestCase(-5f)]
    public void UseTraceTimeConstants_NonPositiveTau_Throws(float tau)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpikingLayerOptions().UseTraceTimeConstants(tau, 10f, 1f));
    }

    [Test]
    public void GetParameter_WeightName_ReturnsW_OtherNameThrowsNamingBoth()
    {
        var layer = new SpikingLayer(4, 3);

        Assert.That(layer.GetParameter(layer.WeightParameterName), Is.SameAs(layer.W));
        Assert.That(layer.Parameters, Is.EqualTo(new[] { layer.W }));
        var e = Assert.Throws<KeyNotFoundException>(() => layer.GetParameter("theta"));
        Assert.That(e!.Message, Does.Contain("'theta'").And.Contain(layer.W.Name));
        Assert.Throws<ArgumentNullException>(() => layer.GetParameter(null!));
    }

    [Test]
    public void Step_ActiveWeightsSumBeyondFloatRange_ThrowsNamingOutputAndKeepsState()
    {
        // Two finite weights of −3e38 from inputs that both spike: −6e38 overflows float32. The layer kept −∞, and the
        // next step with λ = 0 made it NaN (0 · ∞), silently.
        var layer = new SpikingLayer(2, 2, new SpikingLayerOptions { Leak = 0, Seed = 1 });
        layer.W.AsSpan()[2] = -3e38f;
        layer.W.AsSpan()[3] = -3e38f;
        var post = new float[2];
        layer.Step([1f, 0f], post);
        var before = (layer.Membrane.ToArray(), layer.PreTrace.ToArray(), layer.PostTrace.ToArray(), layer.RefractoryRemaining.ToArray(), post.ToArray());

        var e = Assert.Throws<NotFiniteNumberException>(() => layer.Step([1f, 1f], post));

        Assert.That(e!.Message, Does.Contain("output 1").And.Contain("overflows float32"));
        Assert.That((layer.Membrane.ToArray(), layer.PreTrace.ToArray(), layer.PostTrace.ToArray(), layer.RefractoryRemaining.ToArray(), post.ToArray()),
            Is.EqualTo(before));
    }

    [Test]
    public void Step_LargeWeightsOfARefractoryOutput_AreIgnored()
    {
        // Output 0 spikes and is refractory for one step, during which its overflowing input does not matter.
        var layer = new SpikingLayer(2, 1, new SpikingLayerOptions { Leak = 1, RefractorySteps = 1, Seed = 1 });
        layer.W.AsSpan()[0] = 3e38f;
        layer.W.AsSpan()[1] = 3e38f;
        var post = new float[1];
        layer.Step([1f, 0f], post);
        Assert.That(post[0], Is.EqualTo(1f));

        Assert.DoesNotThrow(() => layer.Step([1f, 1f], post));
        Assert.That((post[0], layer.Membrane[0]), Is.EqualTo((0f, 0f)));
        Assert.Throws<NotFiniteNumberException>(() => layer.Step([1f, 1f], post));
    }
}
