namespace Canns.Models.Tests.Spiking;

public class InputWeightsTests
{
    private static RecurrentSpikingOptions Options(int inputs) => new()
    {
        ConnectionProbability = 0.3f, InitialWeightScale = 0.2f, Seed = 5, InputCount = inputs, InputWeightScale = 0.7f,
    };

    [Test]
    public void Constructor_InputWeights_AreDrawnAfterW_InTheirRange()
    {
        var plain = new RecurrentSpikingNetwork(30, Options(0));
        var net = new RecurrentSpikingNetwork(30, Options(7));
        Assert.That(net.W.ToArray(), Is.EqualTo(plain.W.ToArray()), "W does not depend on the input channels");
        Assert.That(net.Mask.ToArray(), Is.EqualTo(plain.Mask.ToArray()));
        Assert.That((plain.InputWeights, plain.InputSize), Is.EqualTo(((ParamState?)null, 30)));
        var wIn = net.InputWeights!;
        Assert.That((wIn.Name, wIn.Rows, wIn.Columns, net.InputSize, net.InputWeightScale), Is.EqualTo(("W_in", 30, 7, 7, 0.7f)));
        Assert.That(wIn.ToArray(), Is.All.InRange(0f, 0.7f));
        Assert.That(wIn.ToArray().Distinct().Count(), Is.GreaterThan(200), "drawn, not constant");
        Assert.That(net.Parameters.Select(p => p.Name), Is.EqualTo(new[] { "W", "W_in" }));
        Assert.That(net.GetParameter("W_in"), Is.SameAs(wIn));
        var e = Assert.Throws<KeyNotFoundException>(() => net.GetParameter("V"));
        Assert.That(e!.Message, Does.Contain("W, W_in"));
        // The same seed draws the same input weights.
        Assert.That(new RecurrentSpikingNetwork(30, Options(7)).InputWeights!.ToArray(), Is.EqualTo(wIn.ToArray()));
    }

    [Test]
    public void Step_TheCurrentIsTheInputWeightsTimesTheChannels()
    {
        // No recurrent synapses, no leak, a high threshold: after one step v = W_in x exactly as a double sum says.
        const int n = 9, m = 13;
        var net = new RecurrentSpikingNetwork(n, new RecurrentSpikingOptions { ConnectionProbability = 0, Leak = 0, Threshold = 1000, InputCount = m, Seed = 2 });
        var random = new Random(3);
        var x = Enumerable.Range(0, m).Select(_ => (float)random.NextDouble()).ToArray();
        net.Step(x);
        var wIn = net.InputWeights!.AsReadOnlySpan();
        for (int i = 0; i < n; i++)
        {
            double expected = 0;
            for (int j = 0; j < m; j++) expected += (double)wIn[i * m + j] * x[j];
            Assert.That(net.Membrane[i], Is.EqualTo(expected).Within(1e-5), $"neuron {i}");
        }
        // Run gives the same spikes as Step by step.
        var spiking = new RecurrentSpikingNetwork(n, new RecurrentSpikingOptions { ConnectionProbability = 0.4f, InputCount = m, Seed = 4, Threshold = 1.5f });
        var twin = new RecurrentSpikingNetwork(n, new RecurrentSpikingOptions { ConnectionProbability = 0.4f, InputCount = m, Seed = 4, Threshold = 1.5f });
        var counts = spiking.Run(x, 40);
        var byStep = new int[n];
        for (int t = 0; t < 40; t++)
        {
            twin.Step(x);
            for (int i = 0; i < n; i++) byStep[i] += (int)twin.Spikes[i];
        }
        Assert.That(counts, Is.EqualTo(byStep));
        Assert.That(counts.Sum(), Is.GreaterThan(0), "the input drives spikes");
    }

    [Test]
    public void Step_InputOfTheWrongLength_IsRefusedAndChangesNothing()
    {
        var net = new RecurrentSpikingNetwork(10, Options(4));
        net.Step([1f, 0f, 2f, 0f]);
        var membrane = net.Membrane.ToArray();
        var e = Assert.Throws<ArgumentException>(() => net.Step(new float[10]));
        Assert.That(e!.Message, Does.Contain("4"));
        Assert.Throws<ArgumentException>(() => net.Run(new float[10], 3));
        Assert.Throws<ArgumentException>(() => net.Step([1f, float.NaN, 0f, 0f]));
        Assert.That(net.Membrane.ToArray(), Is.EqualTo(membrane));
    }

    [Test]
    public void Options_InputCountAndScale_AreValidated()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RecurrentSpikingOptions { InputCount = -1, InputWeightScale = float.NaN }.Validate());
        Assert.That(e!.Message, Does.Contain("InputCount").And.Contain("InputWeightScale"));
        var defaults = new RecurrentSpikingOptions();
        Assert.That((defaults.InputCount, defaults.InputWeightScale), Is.EqualTo((0, 0.5f)));
    }

    [Test]
    public void Step_ACurrentThatIsNotFinite_IsRefusedAndChangesNothing()
    {
        var net = new RecurrentSpikingNetwork(6, Options(3));
        net.Step([1f, 1f, 1f]);
        var membrane = net.Membrane.ToArray();
        net.InputWeights!.AsSpan()[4] = float.PositiveInfinity;
        var e = Assert.Throws<ArgumentException>(() => net.Step([1f, 1f, 1f]));
        Assert.That(e!.Message, Does.Contain("neuron 1"));
        net.InputWeights.AsSpan()[4] = 0.5f;
        Assert.Throws<ArgumentException>(() => net.Run([3e38f, 3e38f, 3e38f], 2), "W_in x overflows float");
        Assert.That(net.Membrane.ToArray(), Is.EqualTo(membrane));
    }
}
