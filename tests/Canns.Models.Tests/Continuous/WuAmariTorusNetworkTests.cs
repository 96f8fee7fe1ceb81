namespace Canns.Models.Tests.Continuous;

public class WuAmariTorusNetworkTests
{
    /// <summary>The squared distance on the torus between the preferred positions of units i and j (each axis wrapped).</summary>
    private static double TorusDistanceSquared(WuAmariTorusNetwork net, int i, int j)
    {
        var (xi, yi) = net.PreferredPosition(i);
        var (xj, yj) = net.PreferredPosition(j);
        double dx = Math.Abs(xi - xj), dy = Math.Abs(yi - yj);
        dx = Math.Min(dx, 2 * Math.PI - dx);
        dy = Math.Min(dy, 2 * Math.PI - dy);
        return dx * dx + dy * dy;
    }

    [Test]
    public void Constructor_Couplings_GaussianOfTorusDistance_ExactlySymmetric()
    {
        var net = new WuAmariTorusNetwork(7, new WuAmariOptions { Width = 0.8f, Coupling = 2f });
        var w = net.W.AsReadOnlySpan();
        int n = net.Size;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double d2 = TorusDistanceSquared(net, i, j);
                double expected = 2 / (2 * Math.PI * 0.64) * Math.Exp(-d2 / (2 * 0.64));
                Assert.That(w[i * n + j], Is.EqualTo(expected).Within(1e-6), $"W[{i},{j}]");
                Assert.That(w[i * n + j], Is.EqualTo(w[j * n + i]));
            }
        }
        Assert.That(net.PreferredPosition(7 * 2 + 3), Is.EqualTo((-Math.PI + 2 * Math.PI * 3 / 7, -Math.PI + 2 * Math.PI * 2 / 7)));
    }

    [Test]
    public void Constructor_CouplingTimesSqrtTwoPiA_GivesCann2DCouplings()
    {
        // canns' CANN2D: W = J0 exp(−|d|²/(2a²)) / (√(2π) a), the one-dimensional normalisation; the remarks say a
        // torus with Coupling = J0·√(2π)·a has exactly these couplings. J0 = 4, a = 0.5: Coupling = 4·√(2π)·0.5 ≈ 5.013.
        const double j0 = 4, a = 0.5;
        var net = new WuAmariTorusNetwork(6, new WuAmariOptions { Width = (float)a, Coupling = (float)(j0 * Math.Sqrt(2 * Math.PI) * a) });
        var w = net.W.AsReadOnlySpan();
        int n = net.Size;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double d2 = TorusDistanceSquared(net, i, j);
                double cann2d = j0 * Math.Exp(-d2 / (2 * a * a)) / (Math.Sqrt(2 * Math.PI) * a);
                Assert.That(w[i * n + j], Is.EqualTo(cann2d).Within(2e-6), $"W[{i},{j}]");
            }
        }
    }

    [Test]
    public void Step_MatchesDoubleReference()
    {
        var net = new WuAmariTorusNetwork(5, new WuAmariOptions { Inhibition = 0.3f, TimeStep = 0.5f });
        int n = net.Size;
        var random = new Random(2);
        float[] u = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 0.5)).ToArray();
        net.SetState(u);
        net.SetBumpInput(1, 2, 0.7f);
        var (w, input) = (net.W.ToArray(), net.Input.ToArray());
        double total = u.Sum(v => Math.Max(v, 0.0) * Math.Max(v, 0.0));
        var r = u.Select(v => Math.Max(v, 0.0) * Math.Max(v, 0.0) / (1 + 0.3 * total)).ToArray();
        var expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            double h = input[i];
            for (int j = 0; j < n; j++) h += w[i * n + j] * r[j];
            expected[i] = u[i] + 0.5 * (-u[i] + h);
        }
        net.Step();
        Assert.That(net.State.ToArray().Select(v => (double)v), Is.EqualTo(expected).Within(1e-5));
    }

    [Test]
    public void BadInput_Throws_AndLeavesTheNetwork()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WuAmariTorusNetwork(0));
        var net = new WuAmariTorusNetwork(2);
        net.SetState([1, 2, 3, 4]);
        Assert.Throws<ArgumentException>(() => net.SetState([1, 2, 3]));
        Assert.Throws<ArgumentException>(() => net.SetInput([1, 2, float.NaN, 4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.SetBumpInput(0, double.NaN, 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.PreferredPosition(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.SetBumpInput(0, 0, float.NaN));
        Assert.That(net.State.ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4 }));
        Assert.That(net.Input.ToArray(), Is.All.EqualTo(0f));
        var e = Assert.Throws<KeyNotFoundException>(() => net.GetParameter("J"));
        Assert.That(e!.Message, Does.Contain("WuAmariTorusNetwork").And.Contain("'J'"));
        // Every unit active: the bump's centre decodes on both axes, with no input.
        var (x, y) = net.BumpCenter;
        Assert.That(double.IsFinite(x) && double.IsFinite(y), $"centre ({x}, {y})");
    }

    // 46,341² is the first side whose unit count N = side² overflows int; 65,536² wraps to 0 in 32 bits.
    [TestCase(46_341)]
    [TestCase(65_536)]
    public void Constructor_SideSquaredOverflowsInt32_ThrowsArgumentOutOfRange(int side)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new WuAmariTorusNetwork(side));

        Assert.That(e!.ParamName, Is.EqualTo("side"));
    }

    [Test]
    public void Constructor_CouplingsBeyondFloat32_ThrowsNamingTheOptions()
    {
        // J0/(2π a²) = 3.4e38 / 0.063 overflows float32: W would hold +∞ on its diagonal and the first step NaN.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new WuAmariTorusNetwork(3, new WuAmariOptions { Coupling = float.MaxValue, Width = 0.1f }));

        Assert.That(e!.Message, Does.Contain("Coupling").And.Contain("Width"));
    }
}
