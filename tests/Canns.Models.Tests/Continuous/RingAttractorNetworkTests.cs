namespace Canns.Models.Tests.Continuous;

public class RingAttractorNetworkTests
{
    /// <summary>The Euler step in double precision, straight from the definition.</summary>
    private static double[] ReferenceStep(float[] w, float[] r, float[] input, double eta)
    {
        int n = r.Length;
        var next = new double[n];
        for (int i = 0; i < n; i++)
        {
            double h = input[i];
            for (int j = 0; j < n; j++) h += (double)w[i * n + j] * r[j];
            next[i] = r[i] + eta * (Math.Max(h, 0) - r[i]);
        }
        return next;
    }

    private static double ReferenceEnergy(float[] w, float[] r, float[] input)
    {
        int n = r.Length;
        double e = 0;
        for (int i = 0; i < n; i++)
        {
            e += 0.5 * r[i] * r[i] - (double)input[i] * r[i];
            for (int j = 0; j < n; j++) e -= 0.5 * r[i] * (double)w[i * n + j] * r[j];
        }
        return e;
    }

    private static float[] RandomSymmetric(int n, Random random, double scale)
    {
        var w = new float[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                w[i * n + j] = w[j * n + i] = (float)((random.NextDouble() * 2 - 1) * scale);
            }
        }
        return w;
    }

    private static float[] RandomRates(int n, Random random) => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();

    [TestCase(RingCoupling.Cosine, 16)]
    [TestCase(RingCoupling.Cosine, 101)]
    [TestCase(RingCoupling.Gaussian, 64)]
    [TestCase(RingCoupling.Gaussian, 33)]
    public void Constructor_Couplings_MatchProfileAndAreExactlySymmetric(RingCoupling coupling, int n)
    {
        var options = new RingAttractorOptions { Coupling = coupling, UniformCoupling = -1.5f, TunedCoupling = 5f, Width = 0.4f };
        var net = new RingAttractorNetwork(n, options);
        var w = net.W.AsReadOnlySpan();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                // The distance between the preferred angles, computed here from the angles themselves.
                double d = Math.Abs(net.PreferredAngle(i) - net.PreferredAngle(j));
                d = Math.Min(d, 2 * Math.PI - d);
                double shape = coupling == RingCoupling.Cosine ? Math.Cos(d) : Math.Exp(-d * d / (2 * 0.4 * 0.4));
                Assert.That(w[i * n + j], Is.EqualTo((-1.5 + 5 * shape) / n).Within(1e-6 / n), $"W[{i},{j}]");
                Assert.That(w[i * n + j], Is.EqualTo(w[j * n + i]), $"symmetry at ({i},{j})");
            }
        }
    }

    [Test]
    public void Constructor_NoCoupling_ZeroWeightsSilentState()
    {
        var net = new RingAttractorNetwork(10, new RingAttractorOptions { Coupling = RingCoupling.None });
        Assert.That(net.W.AsReadOnlySpan().ToArray(), Is.All.EqualTo(0f));
        Assert.That(net.State.ToArray(), Is.All.EqualTo(0f));
        Assert.That(net.Input.AsReadOnlySpan().ToArray(), Is.All.EqualTo(0f));
        Assert.That(net.BumpPosition, Is.NaN);
    }

    [Test]
    public void Step_RandomWeightsAndInput_MatchesDoubleReference()
    {
        var random = new Random(11);
        int n = 37;
        var net = new RingAttractorNetwork(n, new RingAttractorOptions { Coupling = RingCoupling.None, StepSize = 0.3f });
        float[] w = RandomSymmetric(n, random, 0.2), r = RandomRates(n, random);
        float[] input = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        net.W.CopyFrom(w);
        net.SetInput(input);
        net.SetState(r);
        double[] expected = ReferenceStep(w, r, input, 0.3f);
        net.Step();
        Assert.That(net.State.ToArray().Select(v => (double)v), Is.EqualTo(expected).Within(1e-5));
        Assert.That(net.State.ToArray(), Is.All.GreaterThanOrEqualTo(0f));
    }

    [Test]
    public void Energy_RandomState_MatchesDoubleReference()
    {
        var random = new Random(3);
        int n = 29;
        var net = new RingAttractorNetwork(n, new RingAttractorOptions { Coupling = RingCoupling.None });
        float[] w = RandomSymmetric(n, random, 0.5), r = RandomRates(n, random), input = RandomRates(n, random);
        net.W.CopyFrom(w);
        net.SetInput(input);
        Assert.That(net.ComputeEnergy(r), Is.EqualTo(ReferenceEnergy(w, r, input)).Within(1e-5));
        Assert.That(net.Energy, Is.EqualTo(0.0), "a silent network has zero energy");
    }

    [Test]
    public void Energy_HandWorkedCase_MatchesFormula()
    {
        // W = [[0, 1], [1, 0]], I = [1, 0], r = [2, 3]: ½(4 + 9) − ½·2·(2·3) − 2 = 6.5 − 6 − 2 = −1.5.
        var net = new RingAttractorNetwork(2, new RingAttractorOptions { Coupling = RingCoupling.None });
        net.W.CopyFrom([0, 1, 1, 0]);
        net.SetInput([1, 0]);
        Assert.That(net.ComputeEnergy([2, 3]), Is.EqualTo(-1.5).Within(1e-12));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Step_WithinStepSizeBound_EnergyNeverIncreases(int seed)
    {
        // η ≤ 2/(1 − λ_min(W)) is guaranteed by Gershgorin: λ_min ≥ −(largest absolute row sum).
        var random = new Random(seed);
        int n = 48;
        float[] w = RandomSymmetric(n, random, 0.08);
        double rowSum = Enumerable.Range(0, n).Max(i => Enumerable.Range(0, n).Sum(j => Math.Abs(w[i * n + j])));
        float eta = (float)Math.Min(1, 2 / (1 + rowSum));
        var net = new RingAttractorNetwork(n, new RingAttractorOptions { Coupling = RingCoupling.None, StepSize = eta });
        net.W.CopyFrom(w);
        net.SetInput(Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.3)).ToArray());
        net.SetState(RandomRates(n, random));
        double previous = net.Energy;
        for (int step = 0; step < 300; step++)
        {
            net.Step();
            double energy = net.Energy;
            // Rounding of float rates and fields: a few ulps of terms of order 1 summed over 48 units.
            Assert.That(energy, Is.LessThanOrEqualTo(previous + 1e-5), $"step {step}");
            previous = energy;
        }
    }

    [Test]
    public void Step_BeyondStepSizeBound_EnergyCanIncrease()
    {
        // W = −3·Id, I = 1, η = 1 > 2/(1 + 3): r = 0 → [1]₊ = 1, and E = ½·4·r² − r goes from 0 to 1.
        var net = new RingAttractorNetwork(1, new RingAttractorOptions { Coupling = RingCoupling.None, StepSize = 1f });
        net.W.CopyFrom([-3]);
        net.SetInput([1]);
        double before = net.Energy;
        net.Step();
        Assert.That(net.State[0], Is.EqualTo(1f));
        Assert.That(net.Energy, Is.EqualTo(1.0).Within(1e-12));
        Assert.That(net.Energy, Is.GreaterThan(before));
    }

    [Test]
    public void Bump_CueRemoved_PersistsWhereItWasPlaced()
    {
        int n = 256;
        var net = new RingAttractorNetwork(n, new RingAttractorOptions { StepSize = 0.2f });
        var uniform = Enumerable.Repeat(1f, n).ToArray();
        net.SetBumpInput(center: 1.0, amplitude: 2f, width: 0.3, baseline: 1f);
        net.Run(300);
        net.SetInput(uniform);
        net.Run(2000);
        Assert.That(net.BumpAmplitude, Is.GreaterThan(1f), "the bump must persist without its cue");
        Assert.That(RingAttractorNetwork.Wrap(net.BumpPosition - 1.0), Is.EqualTo(0).Within(2 * Math.PI / n), "drift within one grid step");
        // Units on the far side of the ring are silent.
        int far = (int)Math.Round((RingAttractorNetwork.Wrap(1.0 + Math.PI) + Math.PI) / (2 * Math.PI) * n) % n;
        Assert.That(net.State[far], Is.LessThan(1e-30f), "decayed by (1 − η) per step since the cue left");
    }

    [Test]
    public void Bump_ShiftedCue_GivesShiftedBump()
    {
        // W is circulant, so the dynamics commute with rotations of the ring by whole grid steps.
        int n = 120, shift = 17;
        var a = new RingAttractorNetwork(n);
        var b = new RingAttractorNetwork(n);
        a.SetBumpInput(a.PreferredAngle(30), 2f, 0.3, 1f);
        b.SetBumpInput(b.PreferredAngle(30 + shift), 2f, 0.3, 1f);
        a.Run(400);
        b.Run(400);
        for (int i = 0; i < n; i++)
        {
            Assert.That(b.State[(i + shift) % n], Is.EqualTo(a.State[i]).Within(1e-4 * Math.Max(1, a.State[i])), $"unit {i}");
        }
        Assert.That(RingAttractorNetwork.Wrap(b.BumpPosition - a.BumpPosition), Is.EqualTo(2 * Math.PI * shift / n).Within(1e-4));
    }

    [Test]
    public void DecodePosition_OneActiveUnit_IsItsPreferredAngle()
    {
        var net = new RingAttractorNetwork(12);
        var rates = new float[12];
        rates[7] = 0.5f;
        Assert.That(net.DecodePosition(rates), Is.EqualTo(net.PreferredAngle(7)).Within(1e-12));
        Assert.That(net.PreferredAngle(0), Is.EqualTo(-Math.PI));
        Assert.That(net.DecodePosition(new float[12]), Is.NaN);
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(float.NegativeInfinity)]
    public void DecodePosition_NonFiniteRate_ThrowsNamingTheIndex(float bad)
    {
        // A NaN or infinite rate used to decode silently to NaN, as if the ring were silent.
        var net = new RingAttractorNetwork(12);
        var rates = new float[12];
        rates[3] = 0.5f;
        rates[9] = bad;
        var e = Assert.Throws<ArgumentException>(() => net.DecodePosition(rates));
        Assert.That(e!.ParamName, Is.EqualTo("rates"));
        Assert.That(e.Message, Does.Contain("index 9"));
    }

    [TestCase(0.0, 0.0)]
    [TestCase(Math.PI, Math.PI)]
    [TestCase(-Math.PI, Math.PI)]
    [TestCase(3 * Math.PI / 2, -Math.PI / 2)]
    [TestCase(-7.0, -7.0 + 2 * Math.PI)]
    public void Wrap_Angles_LandInHalfOpenInterval(double angle, double expected)
    {
        Assert.That(RingAttractorNetwork.Wrap(angle), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void SetBumpInput_MatchesGaussianOfRingDistance()
    {
        var net = new RingAttractorNetwork(8);
        net.SetBumpInput(center: 3.0, amplitude: 2f, width: 0.7, baseline: 0.5f);
        for (int i = 0; i < 8; i++)
        {
            double d = Math.Abs(net.PreferredAngle(i) - 3.0);
            d = Math.Min(d, 2 * Math.PI - d);
            Assert.That(net.Input.AsReadOnlySpan()[i], Is.EqualTo(0.5 + 2 * Math.Exp(-d * d / (2 * 0.49))).Within(1e-6));
        }
    }

    [Test]
    public void SetState_NegativeRate_ThrowsNamingIndexAndLeavesStateUnchanged()
    {
        var net = new RingAttractorNetwork(4);
        net.SetState([1, 2, 3, 4]);
        var e = Assert.Throws<ArgumentException>(() => net.SetState([1, 0, -0.5f, 1]));
        Assert.That(e!.Message, Does.Contain("-0.5").And.Contain("index 2"));
        Assert.That(net.State.ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4 }));
    }

    [Test]
    public void SetState_NonFiniteOrWrongLength_ThrowsAndLeavesStateUnchanged()
    {
        var net = new RingAttractorNetwork(3);
        net.SetState([1, 2, 3]);
        Assert.Throws<ArgumentException>(() => net.SetState([1, float.NaN, 3]));
        Assert.Throws<ArgumentException>(() => net.SetState([1, 2]));
        Assert.That(net.State.ToArray(), Is.EqualTo(new float[] { 1, 2, 3 }));
        Assert.DoesNotThrow(() => net.SetState([-0f, 0, 0]), "−0 is a rate of zero");
    }

    [Test]
    public void SetInput_BadValues_ThrowAndLeaveInputUnchanged()
    {
        var net = new RingAttractorNetwork(3);
        net.SetInput([1, -2, 3]);
        Assert.Throws<ArgumentException>(() => net.SetInput([1, float.PositiveInfinity, 3]));
        Assert.Throws<ArgumentException>(() => net.SetInput([1, 2, 3, 4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.SetBumpInput(0, 1f, width: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.SetBumpInput(double.NaN, 1f, width: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.SetBumpInput(0, float.NaN, width: 1));
        Assert.That(net.Input.AsReadOnlySpan().ToArray(), Is.EqualTo(new float[] { 1, -2, 3 }));
    }

    [Test]
    public void SetBumpInput_WidthWhoseSquareUnderflows_ThrowsAndLeavesInputUnchanged()
    {
        // 2·width² is 0 in double, so the unit at the centre would get 0/0 = NaN.
        var net = new RingAttractorNetwork(8);
        net.SetInput([1, -2, 3, 4, 5, 6, 7, 8]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => net.SetBumpInput(net.PreferredAngle(0), 1f, width: 1e-200));
        Assert.That(e!.Message, Does.Contain("width"));
        Assert.That(net.Input.AsReadOnlySpan().ToArray(), Is.EqualTo(new float[] { 1, -2, 3, 4, 5, 6, 7, 8 }));
    }

    [Test]
    public void SetBumpInput_AmplitudePlusBaselineOverflowsFloat_ThrowsAndLeavesInputUnchanged()
    {
        var net = new RingAttractorNetwork(8);
        net.SetInput([1, -2, 3, 4, 5, 6, 7, 8]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => net.SetBumpInput(0, 3e38f, width: 1, baseline: 3e38f));
        Assert.That(e!.Message, Does.Contain("amplitude").And.Contain("baseline"));
        Assert.That(net.Input.AsReadOnlySpan().ToArray(), Is.EqualTo(new float[] { 1, -2, 3, 4, 5, 6, 7, 8 }));
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public void ComputeEnergy_NonFiniteState_ThrowsNamingIndex(float bad)
    {
        var net = new RingAttractorNetwork(4);
        var e = Assert.Throws<ArgumentException>(() => net.ComputeEnergy([0, 1, bad, 0]));
        Assert.That(e!.Message, Does.Contain("index 2"));
    }

    [Test]
    public void GetParameter_KnownAndUnknownNames()
    {
        var net = new RingAttractorNetwork(3);
        Assert.That(net.GetParameter("W"), Is.SameAs(net.W));
        Assert.That(net.GetParameter("I"), Is.SameAs(net.Input));
        Assert.That(net.Parameters, Is.EqualTo(new[] { net.W, net.Input }));
        var e = Assert.Throws<KeyNotFoundException>(() => net.GetParameter("theta"));
        Assert.That(e!.Message, Does.Contain("theta").And.Contain("W, I"));
    }

    [Test]
    public void Run_Cancelled_ThrowsAndNegativeStepsRejected()
    {
        var net = new RingAttractorNetwork(8);
        Assert.Throws<OperationCanceledException>(() => net.Run(10, new CancellationToken(canceled: true)));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Run(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.PreferredAngle(8));
    }

    [Test]
    public void Constructor_CouplingsBeyondFloat32_ThrowsNamingTheOptions()
    {
        // (J0 + J1)/N = 6.8e38 for N = 1 overflows float32: W would hold +∞ and the first step NaN.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            _ = new RingAttractorNetwork(1, new RingAttractorOptions { UniformCoupling = float.MaxValue, TunedCoupling = float.MaxValue }));

        Assert.That(e!.Message, Does.Contain("UniformCoupling").And.Contain("TunedCoupling"));
    }

    [Test]
    public void DecodePosition_OnlyUnitZeroActive_ReturnsPiNotMinusPi()
    {
        // Unit 0 prefers −π ≡ π. Atan2 of (−1.2e-16, −1) rounds to −π, outside the documented (−π, π].
        var net = new RingAttractorNetwork(12);
        var rates = new float[12];
        rates[0] = 1f;
        net.SetState(rates);

        Assert.That(net.DecodePosition(rates), Is.EqualTo(Math.PI));
        Assert.That(net.BumpPosition, Is.EqualTo(Math.PI));
    }
}
