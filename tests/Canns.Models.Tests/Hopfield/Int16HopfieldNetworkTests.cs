namespace Canns.Models.Tests.Hopfield;

public class Int16HopfieldNetworkTests
{
    /// <summary>A random network: symmetric J with zero diagonal, random S and coefficients.</summary>
    private static (Int16HopfieldNetwork Net, short[] J, int[] S) RandomNetwork(int n, int seed, UpdateMode mode, float threshold = 0.3f)
    {
        var random = new Random(seed);
        var j = new short[n * n];
        for (int i = 0; i < n; i++)
        for (int k = 0; k < i; k++)
        {
            short v = (short)random.Next(-200, 201);
            j[i * n + k] = v;
            j[k * n + i] = v;
        }
        var s = new int[n];
        for (int i = 0; i < n; i++) s[i] = random.Next(-50, 51);
        var net = new Int16HopfieldNetwork(n, new Int16HopfieldOptions { UpdateMode = mode, Threshold = threshold, Seed = seed });
        net.SetWeights(j, s, scale: 0.013, center: 0.021, offset: 0.37);
        return (net, j, s);
    }

    /// <summary>W as a double matrix straight from the definition.</summary>
    private static double[,] NaiveW(int n, short[] j, int[] s, double scale, double centre, double offset)
    {
        var w = new double[n, n];
        for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++)
        {
            if (a != b) w[a, b] = scale * (j[a * n + b] - centre * (s[a] + s[b]) + offset);
        }
        return w;
    }

    private static float[] RandomSpins(int n, Random random) =>
        Enumerable.Range(0, n).Select(_ => random.Next(2) == 0 ? -1f : 1f).ToArray();

    private static double NaiveField(double[,] w, float[] s, int i)
    {
        double h = 0;
        for (int k = 0; k < s.Length; k++) h += w[i, k] * s[k];
        return h;
    }

    [Test]
    public void Weight_HandWorkedCase_MatchesFormula()
    {
        // W_01 = 0.5 · (3 − 0.25 · (2 + (−4)) + 1) = 0.5 · 4.5 = 2.25; the diagonal is 0.
        var net = new Int16HopfieldNetwork(2);
        net.SetWeights([0, 3, 3, 0], [2, -4], scale: 0.5, center: 0.25, offset: 1);
        Assert.Multiple(() =>
        {
            Assert.That(net.Weight(0, 1), Is.EqualTo(2.25));
            Assert.That(net.Weight(1, 0), Is.EqualTo(2.25));
            Assert.That(net.Weight(0, 0), Is.EqualTo(0));
        });
    }

    [Test]
    public void Energy_HandWorkedCase_MatchesFormula()
    {
        // W_01 = 2.25 (above); s = (1, −1): sᵀWs = 2 · 2.25 · (−1) = −4.5; E = −½(−4.5) + θ·0 = 2.25.
        var net = new Int16HopfieldNetwork(2, new Int16HopfieldOptions { Threshold = 0.7f });
        net.SetWeights([0, 3, 3, 0], [2, -4], scale: 0.5, center: 0.25, offset: 1);
        net.SetState([1, -1]);
        Assert.That(net.Energy, Is.EqualTo(2.25).Within(1e-12));
    }

    [Test]
    public void ComputeEnergy_RandomNetwork_EqualsNaiveDoubleReference()
    {
        const int n = 37;
        var (net, j, s) = RandomNetwork(n, 1, UpdateMode.Synchronous);
        var w = NaiveW(n, j, s, 0.013, 0.021, 0.37);
        var random = new Random(2);
        for (int t = 0; t < 5; t++)
        {
            var state = RandomSpins(n, random);
            double quadratic = 0, sum = 0;
            for (int i = 0; i < n; i++)
            {
                quadratic += state[i] * NaiveField(w, state, i);
                sum += state[i];
            }
            double expected = -0.5 * quadratic + 0.3f * sum;
            Assert.That(net.ComputeEnergy(state), Is.EqualTo(expected).Within(1e-9 * Math.Max(1, Math.Abs(expected))));
        }
    }

    [Test]
    public void Step_Synchronous_EqualsSignOfNaiveField()
    {
        const int n = 41;
        var (net, j, s) = RandomNetwork(n, 3, UpdateMode.Synchronous);
        var w = NaiveW(n, j, s, 0.013, 0.021, 0.37);
        var state = RandomSpins(n, new Random(4));
        net.SetState(state);
        net.Step();
        for (int i = 0; i < n; i++)
        {
            double h = NaiveField(w, state, i);
            Assert.That(Math.Abs(h - 0.3f), Is.GreaterThan(1e-9), "the test needs no near-ties");
            Assert.That(net.State[i], Is.EqualTo(h > 0.3f ? 1f : -1f), $"unit {i}");
        }
    }

    [Test]
    public void Step_Asynchronous_EqualsNaiveSequentialUpdatesInTheSameOrder()
    {
        const int n = 41;
        var (net, j, s) = RandomNetwork(n, 5, UpdateMode.Asynchronous);
        var w = NaiveW(n, j, s, 0.013, 0.021, 0.37);
        var state = RandomSpins(n, new Random(6));
        net.SetState(state);
        net.Step(new Random(7));
        var order = new int[n];
        HopfieldMath.Permutation(order, new Random(7));
        foreach (int i in order)
        {
            double h = NaiveField(w, state, i);
            if (h > 0.3f) state[i] = 1;
            else if (h < 0.3f) state[i] = -1;
        }
        Assert.That(net.State.ToArray(), Is.EqualTo(state));
    }

    [Test]
    public void Step_Tie_LeavesUnitUnchanged()
    {
        // Zero weights: every field is 0 = θ.
        var net = new Int16HopfieldNetwork(3, new Int16HopfieldOptions { UpdateMode = UpdateMode.Synchronous });
        net.SetState([-1, 1, -1]);
        net.Step();
        Assert.That(net.State.ToArray(), Is.EqualTo(new float[] { -1, 1, -1 }));
    }

    [Test]
    public void SetWeights_Asymmetric_ThrowsAndLeavesWeights()
    {
        var net = new Int16HopfieldNetwork(2);
        net.SetWeights([0, 3, 3, 0], [1, 1], 1, 0, 0);
        long version = net.Version;
        var ex = Assert.Throws<ArgumentException>(() => net.SetWeights([0, 3, 2, 0], [5, 5], 2, 0, 0));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("not symmetric"));
            Assert.That(net.Couplings.ToArray(), Is.EqualTo(new short[] { 0, 3, 3, 0 }));
            Assert.That(net.ColumnSums.ToArray(), Is.EqualTo(new[] { 1, 1 }));
            Assert.That(net.Scale, Is.EqualTo(1));
            Assert.That(net.Version, Is.EqualTo(version));
        });
    }

    [Test]
    public void SetWeights_ScaleGivingWeightsBeyondFloat_ThrowsAndLeavesWeights()
    {
        var net = new Int16HopfieldNetwork(2);
        net.SetWeights([0, 3, 3, 0], [1, 1], 1, 0, 0);
        var ex = Assert.Throws<ArgumentException>(() => net.SetWeights([0, 3, 3, 0], [1, 1], 1e300, 0, 0));
        Assert.That(ex!.Message, Does.Contain("float32 range"));
        Assert.That((net.Scale, net.Weight(0, 1)), Is.EqualTo((1.0, 3.0)));
        Assert.DoesNotThrow(() => net.SetWeights([0, 3, 3, 0], [1, 1], 1e37, 0, 0));
    }

    [Test]
    public void SetWeights_NonzeroDiagonal_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Int16HopfieldNetwork(2).SetWeights([1, 0, 0, 0], [0, 0], 1, 0, 0));
        Assert.That(ex!.Message, Does.Contain("diagonal"));
    }

    [Test]
    public void SetWeights_NonFiniteCoefficient_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Int16HopfieldNetwork(2).SetWeights([0, 0, 0, 0], [0, 0], 1, double.NaN, 0));
        Assert.That(ex!.Message, Does.Contain("NaN"));
    }

    [Test]
    public void SetWeights_WrongLengths_Throw()
    {
        var net = new Int16HopfieldNetwork(2);
        Assert.Multiple(() =>
        {
            Assert.That(() => net.SetWeights(new short[3], new int[2], 1, 0, 0), Throws.ArgumentException.With.Message.Contains("2 × 2"));
            Assert.That(() => net.SetWeights(new short[4], new int[3], 1, 0, 0), Throws.ArgumentException.With.Message.Contains("length 3"));
        });
    }

    [Test]
    public void SetState_NotBipolar_ThrowsAndKeepsState()
    {
        var net = new Int16HopfieldNetwork(3);
        net.SetState([1, -1, 1]);
        var ex = Assert.Throws<ArgumentException>(() => net.SetState([1, 0.5f, 1]));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("0.5").And.Contain("index 1"));
            Assert.That(net.State.ToArray(), Is.EqualTo(new float[] { 1, -1, 1 }));
        });
    }

    [Test]
    public void SetState_NaN_Throws() =>
        Assert.That(() => new Int16HopfieldNetwork(2).SetState([float.NaN, 1]), Throws.ArgumentException.With.Message.Contains("NaN"));

    [TestCase(0)]
    [TestCase(Int16HopfieldNetwork.MaxNeurons + 1)]
    public void Constructor_SizeOutOfRange_Throws(int n) =>
        Assert.That(() => new Int16HopfieldNetwork(n), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void Options_Defaults_ArePinned()
    {
        var o = new Int16HopfieldOptions();
        Assert.Multiple(() =>
        {
            Assert.That(o.UpdateMode, Is.EqualTo(UpdateMode.Asynchronous));
            Assert.That(o.Threshold, Is.EqualTo(0f));
            Assert.That(o.Seed, Is.EqualTo(0));
        });
    }

    [Test]
    public void Options_NonFiniteThreshold_Throws() =>
        Assert.That(() => new Int16HopfieldNetwork(2, new Int16HopfieldOptions { Threshold = float.PositiveInfinity }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Threshold"));

    [Test]
    public void CopyWeightRow_EqualsWeight()
    {
        var (net, _, _) = RandomNetwork(9, 8, UpdateMode.Synchronous);
        var row = new float[9];
        net.CopyWeightRow(4, row);
        Assert.That(row, Is.EqualTo(Enumerable.Range(0, 9).Select(k => (float)net.Weight(4, k)).ToArray()));
    }

    [Test]
    public void ComputeEnergy_OnTwoThreadsAtOnce_EachGetsTheEnergyOfItsOwnState()
    {
        // A read, like every other model's ComputeEnergy: it used the network's own field buffer as scratch, so two
        // calls at once (or one beside a Step under the lock) mixed their fields.
        const int n = 300, Calls = 3000;
        var (net, _, _) = RandomNetwork(n, seed: 21, UpdateMode.Synchronous);
        var random = new Random(22);
        float[][] states = [RandomSpins(n, random), RandomSpins(n, random)];
        double[] expected = [net.ComputeEnergy(states[0]), net.ComputeEnergy(states[1])];
        Assert.That(expected[0], Is.Not.EqualTo(expected[1]));
        var wrong = new int[2];
        using var start = new Barrier(2);
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int c = 0; c < Calls; c++)
            {
                if (net.ComputeEnergy(states[t]) != expected[t]) wrong[t]++;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.That(wrong, Is.All.Zero);
    }
}
