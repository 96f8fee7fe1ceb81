using Canns.Models;

namespace Canns.Models.Tests.Layers;

public class LinearLayerTests
{
    [Test]
    public void Options_Defaults_ArePinned()
    {
        var o = new LinearLayerOptions();
        Assert.That((o.Seed, o.InitialWeightScale, o.SlidingThreshold, o.ThresholdTimeConstant), Is.EqualTo((0, (float?)null, false, 100f)));
    }

    [Test]
    public void Ctor_SameSeed_SameWeights()
    {
        var a = new LinearLayer(16, 3, new LinearLayerOptions { Seed = 5 });
        var b = new LinearLayer(16, 3, new LinearLayerOptions { Seed = 5 });
        Assert.That(a.W.ToArray(), Is.EqualTo(b.W.ToArray()));
    }

    [Test]
    public void Ctor_DefaultOptions_ReproduceTheWeightsOfSeedZero()
    {
        // The documented default seed is 0: a layer made with the defaults is reproducible, the same every time, and
        // its weights are w_k = (2u_k − 1)/√inputs with u_k the k-th draw of new Random(0), in row-major order.
        var a = new LinearLayer(16, 3);
        var b = new LinearLayer(16, 3, new LinearLayerOptions());
        var random = new Random(0);
        var expected = Enumerable.Range(0, 48).Select(_ => (float)((random.NextDouble() * 2 - 1) * (1f / MathF.Sqrt(16)))).ToArray();
        Assert.That(a.Seed, Is.EqualTo(0));
        Assert.That(a.W.ToArray(), Is.EqualTo(expected));
        Assert.That(b.W.ToArray(), Is.EqualTo(expected));
        Assert.That(new LinearLayer(16, 3, new LinearLayerOptions { Seed = 0 }).W.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Ctor_InjectedRandom_WeightsComeFromItAndSeedIsTheOptions()
    {
        var layer = new LinearLayer(16, 3, new LinearLayerOptions { Seed = 5 }, new Random(1));
        var fromRandom = new LinearLayer(16, 3, new LinearLayerOptions { Seed = 1 });
        Assert.That(layer.Seed, Is.EqualTo(5));
        Assert.That(layer.W.ToArray(), Is.EqualTo(fromRandom.W.ToArray()), "the injected Random(1) draws what the seed 1 draws");
    }

    [Test]
    public void Ctor_DifferentSeeds_Differ()
    {
        var a = new LinearLayer(16, 3, new LinearLayerOptions { Seed = 1 });
        var b = new LinearLayer(16, 3, new LinearLayerOptions { Seed = 2 });
        Assert.That(a.W.ToArray(), Is.Not.EqualTo(b.W.ToArray()));
    }

    [Test]
    public void Ctor_InjectedRandom_DrawsWeightsWithinScale()
    {
        var layer = new LinearLayer(100, 4, new LinearLayerOptions { InitialWeightScale = 0.5f }, new Random(3));
        var w = layer.W.ToArray();
        Assert.That(w.Max(), Is.LessThanOrEqualTo(0.5f));
        Assert.That(w.Min(), Is.GreaterThanOrEqualTo(-0.5f));
        Assert.That(w.Distinct().Count(), Is.GreaterThan(390));
    }

    [Test]
    public void Ctor_SlidingThreshold_AddsZeroTheta()
    {
        var layer = new LinearLayer(4, 3, new LinearLayerOptions { SlidingThreshold = true, ThresholdTimeConstant = 7 });
        Assert.That(layer.Theta, Is.Not.Null);
        Assert.That(layer.Theta!.ToArray(), Is.EqualTo(new float[3]));
        Assert.That(layer.ThresholdTimeConstant, Is.EqualTo(7f));
        Assert.That(layer.GetParameter("theta"), Is.SameAs(layer.Theta));
    }

    [Test]
    public void Ctor_NoSlidingThreshold_ThetaIsNull()
    {
        Assert.That(new LinearLayer(4, 3).Theta, Is.Null);
    }

    [TestCase(0, 3)]
    [TestCase(3, 0)]
    public void Ctor_ZeroSize_Throws(int inputs, int outputs)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLayer(inputs, outputs));
    }

    [TestCase(0f)]
    [TestCase(-1f)]
    [TestCase(0.5f)]
    [TestCase(float.NaN)]
    public void Ctor_BadTau_ThrowsNamingTau(float tau)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLayer(4, 3, new LinearLayerOptions { ThresholdTimeConstant = tau }));
        Assert.That(e!.Message, Does.Contain("ThresholdTimeConstant"));
    }

    [Test]
    public void Validate_SeveralBadOptions_ListsEvery()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new LinearLayerOptions { ThresholdTimeConstant = -1, InitialWeightScale = float.NaN }.Validate());
        Assert.That(e!.Message, Does.Contain("ThresholdTimeConstant").And.Contain("InitialWeightScale"));
    }

    [Test]
    public void Forward_EqualsNaiveProduct()
    {
        var layer = new LinearLayer(37, 5, new LinearLayerOptions { Seed = 9 });
        var x = Enumerable.Range(0, 37).Select(i => MathF.Sin(i)).ToArray();
        var y = new float[5];
        layer.Forward(x, y);
        for (int i = 0; i < 5; i++)
        {
            double s = 0;
            for (int j = 0; j < 37; j++) s += layer.W.ReadOnlyRow(i)[j] * (double)x[j];
            Assert.That(y[i], Is.EqualTo(s).Within(1e-5), $"output {i}");
        }
    }

    [Test]
    public void Forward_WrongInputLength_ThrowsNamingBothSizes()
    {
        var layer = new LinearLayer(4, 2, new LinearLayerOptions { Seed = 1 });
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(new float[5], new float[2]));
        Assert.That(e!.Message, Does.Contain("5").And.Contain("4 inputs"));
    }

    [Test]
    public void GetParameter_Unknown_ThrowsListingParameters()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => new LinearLayer(4, 2).GetParameter("V"));
        Assert.That(e!.Message, Does.Contain("W"));
    }

    [Test]
    public void ResetThreshold_SlidingThreshold_ZeroesThetaAndLeavesWeights()
    {
        var layer = new LinearLayer(5, 3, new LinearLayerOptions { SlidingThreshold = true, Seed = 2 });
        float[] theta = [0.5f, -1f, 2f];
        theta.CopyTo(layer.Theta!.AsSpan());
        var weights = layer.W.ToArray();

        layer.ResetThreshold();

        Assert.That(layer.Theta!.ToArray(), Is.EqualTo(new float[3]));
        Assert.That(layer.W.ToArray(), Is.EqualTo(weights));
    }

    [Test]
    public void ResetThreshold_NoSlidingThreshold_LeavesWeights()
    {
        var layer = new LinearLayer(5, 3, new LinearLayerOptions { Seed = 2 });
        var weights = layer.W.ToArray();

        layer.ResetThreshold();

        Assert.That(layer.Theta, Is.Null);
        Assert.That(layer.W.ToArray(), Is.EqualTo(weights));
    }
}
