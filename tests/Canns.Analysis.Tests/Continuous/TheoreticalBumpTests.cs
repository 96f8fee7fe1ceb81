using Canns.Models;

namespace Canns.Analysis.Tests.Continuous;

public class TheoreticalBumpTests
{
    [Test]
    public void Cosine_MarginalTuning_WholeRingActive()
    {
        // J1 = 2: θc = π, so sin θc = 0, cos θc = −1 and A = I / (1 − J0); r(θ) = A (cos θ + 1), mean A, peak 2A.
        var bump = TheoreticalBump.Cosine(uniformCoupling: -1, tunedCoupling: 2, input: 3);
        Assert.Multiple(() =>
        {
            Assert.That(bump.HalfWidth, Is.EqualTo(Math.PI).Within(1e-9));
            Assert.That(bump.Amplitude, Is.EqualTo(1.5).Within(1e-9));
            Assert.That(bump.PeakRate, Is.EqualTo(3.0).Within(1e-9));
            Assert.That(bump.MeanRate, Is.EqualTo(1.5).Within(1e-9));
            Assert.That(bump.ActiveFraction, Is.EqualTo(1.0).Within(1e-9));
        });
    }

    [Test]
    public void Cosine_HalfWidth_SolvesTheSelfConsistencyCondition()
    {
        var bump = TheoreticalBump.Cosine(-4, 6, 1);
        double t = bump.HalfWidth;
        Assert.That(6 * (t - Math.Sin(t) * Math.Cos(t)), Is.EqualTo(2 * Math.PI).Within(1e-12));
        Assert.That(t, Is.EqualTo(1.30).Within(0.01), "about 74° either side of the centre");
    }

    [TestCase(-4f, 6f, 1f)]
    [TestCase(-2f, 4f, 0.5f)]
    [TestCase(0f, 2.5f, 1f)]
    public void Cosine_MatchesSimulatedRing(float j0, float j1, float input)
    {
        // A ring of 1,024 units run to its fixed point; the mean-field bump is the N → ∞ limit. The sums over the
        // grid differ from the integrals by O(1/N²) at the bump's edges, and the edge itself falls between grid points.
        int n = 1024;
        var net = new RingAttractorNetwork(n, new RingAttractorOptions { UniformCoupling = j0, TunedCoupling = j1, StepSize = 0.25f });
        net.SetBumpInput(center: 0.5, amplitude: input, width: 0.5, baseline: input);
        net.Run(200);
        net.SetInput(Enumerable.Repeat(input, n).ToArray());
        net.Run(4000);
        var theory = TheoreticalBump.Cosine(j0, j1, input);
        var rates = net.State.ToArray();
        int active = rates.Count(r => r > 1e-6f);
        Assert.Multiple(() =>
        {
            Assert.That(net.BumpAmplitude, Is.EqualTo(theory.PeakRate).Within(2e-3 * theory.PeakRate), "peak rate");
            Assert.That(rates.Average(), Is.EqualTo(theory.MeanRate).Within(2e-3 * theory.MeanRate), "mean rate");
            Assert.That(active, Is.EqualTo(theory.ActiveFraction * n).Within(3), "active units");
        });
    }

    [Test]
    public void Cosine_StrongTuning_NarrowBumpFromTheSeries()
    {
        // θ − sin θ cos θ ≈ (2/3)θ³ for small θ, so J1 = 10⁶ gives θc = (3π/J1)^(1/3) to about θc²/5 relative.
        var bump = TheoreticalBump.Cosine(-1e7, 1e6, 1); // a narrow bump needs J0 of order −J1 to stay bounded
        double expected = Math.Cbrt(3 * Math.PI / 1e6);
        Assert.That(bump.HalfWidth, Is.EqualTo(expected).Within(expected * expected * expected));
    }

    [Test]
    public void Cosine_OutOfRange_ThrowsNamingTheProblem()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TheoreticalBump.Cosine(-4, 1.9, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TheoreticalBump.Cosine(-4, 6, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TheoreticalBump.Cosine(double.NaN, 6, 1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TheoreticalBump.Cosine(0, 6, 1));
        Assert.That(e!.Message, Does.Contain("no bounded bump"));
    }
}
