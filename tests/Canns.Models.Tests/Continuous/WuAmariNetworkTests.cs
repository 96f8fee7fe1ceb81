namespace Canns.Models.Tests.Continuous;

public class WuAmariNetworkTests
{
    [Test]
    public void Step_MatchesDoubleReference()
    {
        int n = 64;
        var net = new WuAmariNetwork(n, new WuAmariOptions { Inhibition = 0.5f, TimeStep = 0.2f });
        var random = new Random(4);
        float[] u = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 0.5)).ToArray();
        float[] input = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        net.SetState(u);
        net.SetInput(input);
        var w = net.W.ToArray();
        double total = u.Sum(v => Math.Max(v, 0.0) * Math.Max(v, 0.0));
        var r = u.Select(v => Math.Max(v, 0.0) * Math.Max(v, 0.0) / (1 + 0.5 * total)).ToArray();
        var expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            double h = input[i];
            for (int j = 0; j < n; j++) h += w[i * n + j] * r[j];
            expected[i] = u[i] + 0.2 * (-u[i] + h);
        }
        net.Step();
        Assert.That(net.State.ToArray().Select(v => (double)v), Is.EqualTo(expected).Within(1e-5));
        // W: Gaussian of the ring distance, exactly symmetric.
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double dist = Math.Abs(net.PreferredAngle(i) - net.PreferredAngle(j));
                dist = Math.Min(dist, 2 * Math.PI - dist);
                Assert.That(w[i * n + j], Is.EqualTo(4 / (Math.Sqrt(2 * Math.PI) * 0.5) * Math.Exp(-dist * dist / 0.5)).Within(1e-5));
                Assert.That(w[i * n + j], Is.EqualTo(w[j * n + i]));
            }
        }
    }

    [Test]
    public void BadInput_Throws_AndLeavesTheNetwork()
    {
        var net = new WuAmariNetwork(8);
        Assert.Throws<ArgumentOutOfRangeException>(() => new WuAmariNetwork(8, new WuAmariOptions { TimeStep = 2 }));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new WuAmariOptions { Inhibition = 0, Width = float.NaN, Coupling = -1, TimeConstant = 0 }.Validate());
        Assert.That(e!.Message, Does.Contain("Inhibition").And.Contain("Width").And.Contain("Coupling").And.Contain("TimeConstant"));
        net.SetState([1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Throws<ArgumentException>(() => net.SetState([1, float.NaN, 3, 4, 5, 6, 7, 8]));
        Assert.Throws<ArgumentException>(() => net.SetInput([1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.SetBumpInput(double.PositiveInfinity, 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.SetBumpInput(0, float.NaN));
        Assert.That(net.State.ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
        Assert.That(net.Input.ToArray(), Is.All.EqualTo(0f));
        var missing = Assert.Throws<KeyNotFoundException>(() => net.GetParameter("J"));
        Assert.That(missing!.Message, Does.Contain("WuAmariNetwork").And.Contain("'J'"));
    }

    [TestCase(1e20f)]
    [TestCase(float.MaxValue)]
    public void Rates_HugeFiniteState_StayFiniteAndBelowOneOverK(float huge)
    {
        // u² overflows float32 here, but r_i = u_i² / (1 + k Σ u_j²) < 1/k: the rates were ∞/∞ = NaN, and one step made the
        // whole state NaN. In double: r_3 = u² / (1 + k u²) = 1/k to float precision, every other rate 0.
        var net = new WuAmariNetwork(16);
        var u = new float[16];
        u[3] = huge;
        u[5] = -huge;
        net.SetState(u);

        var rates = net.Rates.ToArray();

        double k = net.Inhibition;
        Assert.That(rates[3], Is.EqualTo(1 / k).Within(1e-6 / k));
        Assert.That(rates.Where((_, i) => i != 3), Is.All.EqualTo(0f));
        net.Step();
        Assert.That(net.State.ToArray(), Is.All.Matches<float>(float.IsFinite));
    }

    [Test]
    public void Constructor_CouplingsBeyondFloat32_ThrowsNamingTheOptions()
    {
        // J0/(√(2π) a) = 3.4e38 / 0.25 overflows float32: W would hold +∞ on its diagonal and the first step NaN.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new WuAmariNetwork(8, new WuAmariOptions { Coupling = float.MaxValue, Width = 0.1f }));

        Assert.That(e!.Message, Does.Contain("Coupling").And.Contain("Width"));
    }

    [Test]
    public void StepWithRandom_IsTheDeterministicStepAndDrawsNothing()
    {
        var a = new WuAmariNetwork(16, new WuAmariOptions { TimeStep = 0.2f });
        var b = new WuAmariNetwork(16, new WuAmariOptions { TimeStep = 0.2f });
        float[] input = Enumerable.Range(0, 16).Select(i => (float)Math.Exp(-0.5 * (i - 5) * (i - 5))).ToArray();
        a.SetInput(input);
        b.SetInput(input);
        var random = new Random(3);

        for (int t = 0; t < 5; t++)
        {
            a.Step();
            b.Step(random);
        }

        Assert.That(b.State.ToArray(), Is.EqualTo(a.State.ToArray()));
        Assert.That(a.State.ToArray().Max(), Is.GreaterThan(0f), "the input moved the state");
        Assert.That(random.Next(), Is.EqualTo(new Random(3).Next()), "the generator was not advanced");
        Assert.Throws<ArgumentNullException>(() => a.Step(null!));
    }
}
