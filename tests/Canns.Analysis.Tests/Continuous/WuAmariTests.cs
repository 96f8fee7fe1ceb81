using Canns.Models;

namespace Canns.Analysis.Tests.Continuous;

public class WuAmariTests
{
    private static WuAmariNetwork Settled(int n, WuAmariOptions options, double center)
    {
        var net = new WuAmariNetwork(n, options);
        net.SetBumpInput(center, amplitude: 10f);
        net.Run(100);
        net.SetInput(new float[n]);
        net.Run(2000);
        return net;
    }

    [TestCase(512, 8.1f, 0.5f, 4f)]
    [TestCase(256, 2f, 0.4f, 3f)]
    [TestCase(512, 100f, 0.5f, 4f)]
    public void Bump_WithoutInput_MatchesTheStationarySolution(int n, float k, float a, float j0)
    {
        var options = new WuAmariOptions { Inhibition = k, Width = a, Coupling = j0 };
        var net = Settled(n, options, center: 0.7);
        var theory = TheoreticalBump.WuAmari(n, j0, k, a);
        Assert.That(net.CriticalInhibition, Is.EqualTo(theory.CriticalInhibition).Within(1e-9 * theory.CriticalInhibition));
        Assert.That(net.State.ToArray().Max(), Is.EqualTo(theory.U0).Within(2e-3 * theory.U0), "peak synaptic input");
        Assert.That(net.Rates.ToArray().Max(), Is.EqualTo(theory.R0).Within(2e-3 * theory.R0), "peak rate");
        Assert.That(RingAttractorNetwork.Wrap(net.BumpPosition - 0.7), Is.EqualTo(0).Within(2 * Math.PI / n), "the bump stays where it was cued");
        // The whole profile: u_i = U0 exp(−(θ_i − z)²/(4a²)) around the decoded centre z.
        double z = net.BumpPosition;
        for (int i = 0; i < n; i++)
        {
            double d = RingAttractorNetwork.Wrap(net.PreferredAngle(i) - z);
            Assert.That(net.State[i], Is.EqualTo(theory.U0 * Math.Exp(-d * d / (4 * a * a))).Within(3e-3 * theory.U0), $"unit {i}");
        }
    }

    [Test]
    public void Bump_AboveCriticalInhibition_Dies()
    {
        var options = new WuAmariOptions { Inhibition = 140f };
        var net = Settled(512, options, center: 0);
        Assert.That(net.CriticalInhibition, Is.LessThan(140));
        Assert.That(net.State.ToArray().Max(), Is.LessThan(1e-3f));
        Assert.Throws<ArgumentOutOfRangeException>(() => TheoreticalBump.WuAmari(512, 4, 140, 0.5));
    }

    [Test]
    public void Tracking_MovingCue_BumpFollowsWithASteadyLag()
    {
        var net = Settled(256, new WuAmariOptions(), center: 0);
        double cue = net.BumpPosition, speed = 0.005;
        var lags = new List<double>();
        for (int step = 0; step < 1500; step++)
        {
            cue += speed;
            net.SetBumpInput(cue, amplitude: 1f);
            net.Step();
            if (step >= 1000) lags.Add(RingAttractorNetwork.Wrap(cue - net.BumpPosition));
        }
        Assert.That(lags.Average(), Is.InRange(0.0, 0.5), "behind the cue, not ahead");
        Assert.That(lags.Max() - lags.Min(), Is.LessThan(0.01), "a steady lag");
    }
}
