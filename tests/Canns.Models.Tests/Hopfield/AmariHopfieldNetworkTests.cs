namespace Canns.Models.Tests.Hopfield;

public class AmariHopfieldNetworkTests
{
    private static AmariHopfieldNetwork ThreeUnits(float threshold, UpdateMode mode = UpdateMode.Synchronous)
    {
        var net = new AmariHopfieldNetwork(3, new AmariHopfieldOptions { Threshold = threshold, UpdateMode = mode });
        net.W.CopyFrom([0, 1, -2, 1, 0, 0.5f, -2, 0.5f, 0]);
        return net;
    }

    [Test]
    public void Energy_HandWorkedCase_MatchesFormula()
    {
        // W s = [-3, 1.5, -2.5]; sᵀWs = -7; E = -½(-7) + 0.5·(1 - 1 + 1) = 4.
        var net = ThreeUnits(0.5f);
        net.SetState([1, -1, 1]);
        Assert.That(net.Energy, Is.EqualTo(4.0).Within(1e-12));
    }

    [Test]
    public void Step_SignRule_TieLeavesUnitUnchanged()
    {
        // h = W s = [0, 0, 0] for this W and state: every unit is at the threshold 0 and keeps its value.
        var net = new AmariHopfieldNetwork(2, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous });
        net.W.CopyFrom([0, 0, 0, 0]);
        net.SetState([-1, 1]);
        net.Step();
        Assert.That(net.State.ToArray(), Is.EqualTo(new float[] { -1, 1 }));
    }

    [Test]
    public void Step_Synchronous_AppliesSignAboveAndBelowThreshold()
    {
        var net = ThreeUnits(0f);
        net.SetState([1, -1, 1]);
        net.Step(); // h = [-3, 1.5, -2.5]
        Assert.That(net.State.ToArray(), Is.EqualTo(new float[] { -1, 1, -1 }));
    }

    [TestCase(Activation.Tanh, 2f)]
    [TestCase(Activation.Sigmoid, 0.5f)]
    public void Step_SmoothActivation_UsesTemperatureAndThreshold(Activation activation, float temperature)
    {
        var net = new AmariHopfieldNetwork(3, new AmariHopfieldOptions
        {
            Activation = activation, Temperature = temperature, Threshold = 0.25f, UpdateMode = UpdateMode.Synchronous,
        });
        net.W.CopyFrom([0, 1, -2, 1, 0, 0.5f, -2, 0.5f, 0]);
        net.SetState([1, -1, 1]);
        net.Step();
        double[] h = [-3, 1.5, -2.5];
        for (int i = 0; i < 3; i++)
        {
            double x = (h[i] - 0.25) / temperature;
            double expected = activation == Activation.Tanh ? Math.Tanh(x) : 1 / (1 + Math.Exp(-x));
            Assert.That(net.State[i], Is.EqualTo(expected).Within(1e-6));
        }
    }

    [Test]
    public void Step_AsynchronousSign_EnergyNeverIncreases([Range(0, 19)] int seed)
    {
        int n = 40;
        var random = new Random(seed);
        var w = new float[n * n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
        {
            w[i * n + j] = w[j * n + i] = (float)(random.NextDouble() * 2 - 1);
        }
        var net = new AmariHopfieldNetwork(n, new AmariHopfieldOptions { Seed = seed, Threshold = 0.1f });
        net.W.CopyFrom(w);
        net.SetState(Enumerable.Range(0, n).Select(_ => random.Next(2) == 0 ? -1f : 1f).ToArray());
        double energy = net.Energy;
        for (int sweep = 0; sweep < 10; sweep++)
        {
            net.Step();
            Assert.That(net.Energy, Is.LessThanOrEqualTo(energy + 1e-9), $"sweep {sweep}");
            energy = net.Energy;
        }
    }

    [Test]
    public void Step_AsynchronousTanh_CanRaiseEnergy()
    {
        // E = −½ sᵀWs is no Lyapunov function of the smooth updates (the options' remarks say so). W = [[0, 1], [1, 0]],
        // s = (0.1, 0.1): E = −0.01. A sweep sets one unit to tanh(0.1) = 0.0996680 and then the other to
        // tanh(0.0996680) = 0.0993396, in either order, so E = −0.0996680 · 0.0993396 = −0.0099010 > −0.01.
        var net = new AmariHopfieldNetwork(2, new AmariHopfieldOptions { Activation = Activation.Tanh, UpdateMode = UpdateMode.Asynchronous });
        net.W.CopyFrom([0, 1, 1, 0]);
        net.SetState([0.1f, 0.1f]);
        double before = net.Energy;
        net.Step();
        Assert.That(before, Is.EqualTo(-0.01).Within(1e-8));
        Assert.That(net.Energy, Is.EqualTo(-Math.Tanh(0.1) * Math.Tanh(Math.Tanh(0.1))).Within(1e-7));
        Assert.That(net.Energy, Is.GreaterThan(before));
    }

    [Test]
    public void Step_AsynchronousSameSeed_Reproduces()
    {
        static float[] Run()
        {
            var net = ThreeUnits(0f, UpdateMode.Asynchronous);
            net.SetState([1, 1, 1]);
            net.Step(new Random(9));
            return net.State.ToArray();
        }
        Assert.That(Run(), Is.EqualTo(Run()));
    }

    [Test]
    public void SetState_WrongLength_ThrowsAndKeepsState()
    {
        var net = ThreeUnits(0f);
        net.SetState([1, -1, 1]);
        var e = Assert.Throws<ArgumentException>(() => net.SetState([1, 1]));
        Assert.That(e!.Message, Does.Contain("length 2").And.Contain("3 neurons"));
        Assert.That(net.State.ToArray(), Is.EqualTo(new float[] { 1, -1, 1 }));
    }

    [TestCase(float.NaN)]
    [TestCase(float.NegativeInfinity)]
    public void ComputeEnergy_NonFiniteState_ThrowsNamingIndex(float bad)
    {
        var net = new AmariHopfieldNetwork(4);
        var e = Assert.Throws<ArgumentException>(() => net.ComputeEnergy([1, -1, 1, bad]));
        Assert.That(e!.Message, Does.Contain("index 3"));
    }

    [Test]
    public void SetState_NaN_ThrowsAndKeepsState()
    {
        var net = ThreeUnits(0f);
        net.SetState([1, -1, 1]);
        var e = Assert.Throws<ArgumentException>(() => net.SetState([1, float.NaN, 1]));
        Assert.That(e!.Message, Does.Contain("non-finite").And.Contain("index 1"));
        Assert.That(net.State.ToArray(), Is.EqualTo(new float[] { 1, -1, 1 }));
    }

    [TestCase(0f)]
    [TestCase(-1f)]
    [TestCase(float.NaN)]
    public void Constructor_BadTemperature_Throws(float temperature)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AmariHopfieldNetwork(4, new AmariHopfieldOptions { Temperature = temperature }));
        Assert.That(e!.Message, Does.Contain("Temperature"));
    }

    [Test]
    public void Constructor_TooManyNeurons_ThrowsNamingTheSize()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AmariHopfieldNetwork(1_000_000));
        Assert.That(e!.Message, Does.Contain("1000000 × 1000000"));
    }

    [Test]
    public void Resize_CopyWeights_KeepsTopLeftBlock()
    {
        var net = ThreeUnits(0f);
        var small = net.Resize(2);
        Assert.That(small.W.ToArray(), Is.EqualTo(new float[] { 0, 1, 1, 0 }));
        var large = net.Resize(4, copyWeights: true);
        Assert.That(large.W.ReadOnlyRow(2).ToArray(), Is.EqualTo(new float[] { -2, 0.5f, 0, 0 }));
        Assert.That(large.W.ReadOnlyRow(3).ToArray(), Is.EqualTo(new float[] { 0, 0, 0, 0 }));
    }

    [Test]
    public void Defaults_ArePinned()
    {
        var o = new AmariHopfieldOptions();
        Assert.That((o.Activation, o.UpdateMode, o.Threshold, o.Temperature, o.Seed),
            Is.EqualTo((Activation.Sign, UpdateMode.Asynchronous, 0f, 1f, 0)));
    }
}
