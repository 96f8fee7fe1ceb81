using Canns.Models;

namespace Canns.Analysis.Tests.Continuous;

public class WuAmariTorusTests
{
    private static WuAmariTorusNetwork Settled(int side, WuAmariOptions options, double x, double y)
    {
        var net = new WuAmariTorusNetwork(side, options);
        net.SetBumpInput(x, y, amplitude: 10f);
        net.Run(100);
        net.SetInput(new float[net.Size]);
        net.Run(1500);
        return net;
    }

    [TestCase(32, 8.1f, 0.5f, 4f)]
    [TestCase(28, 4f, 0.6f, 3f)]
    public void Bump_WithoutInput_MatchesTheStationarySolution(int side, float k, float a, float j0)
    {
        var net = Settled(side, new WuAmariOptions { Inhibition = k, Width = a, Coupling = j0 }, x: 0.5, y: -1.0);
        var theory = TheoreticalBump.WuAmariTorus(side, j0, k, a);
        Assert.That(net.CriticalInhibition, Is.EqualTo(theory.CriticalInhibition).Within(1e-9 * theory.CriticalInhibition));
        var (cx, cy) = net.BumpCenter;
        var rates = net.Rates.ToArray();
        Assert.That(RingAttractorNetwork.Wrap(cx - 0.5), Is.EqualTo(0).Within(2 * Math.PI / side));
        Assert.That(RingAttractorNetwork.Wrap(cy + 1.0), Is.EqualTo(0).Within(2 * Math.PI / side));
        for (int i = 0; i < net.Size; i++)
        {
            var (px, py) = net.PreferredPosition(i);
            double dx = RingAttractorNetwork.Wrap(px - cx), dy = RingAttractorNetwork.Wrap(py - cy);
            double d2 = dx * dx + dy * dy;
            Assert.That(net.State[i], Is.EqualTo(theory.U0 * Math.Exp(-d2 / (4 * a * a))).Within(3e-3 * theory.U0), $"u of unit {i}");
            Assert.That(rates[i], Is.EqualTo(theory.R0 * Math.Exp(-d2 / (2 * a * a))).Within(3e-3 * theory.R0), $"r of unit {i}");
        }
    }

    [Test]
    public void Bump_AboveCriticalInhibition_Dies()
    {
        var net = Settled(24, new WuAmariOptions { Inhibition = 20f }, 0, 0);
        Assert.That(net.CriticalInhibition, Is.LessThan(20));
        Assert.That(net.State.ToArray().Max(), Is.LessThan(1e-3f));
        Assert.Throws<ArgumentOutOfRangeException>(() => TheoreticalBump.WuAmariTorus(24, 4, 20, 0.5));
    }
}
