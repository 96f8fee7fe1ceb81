namespace Canns.Models.Tests.Spiking;

/// <summary>
/// Finite inputs and valid options whose membrane update λ v + Σ W σ e + I overflows float32: refused naming the neuron,
/// with the state exactly as it was (a −∞ potential used to be kept, and became NaN a step later).
/// </summary>
public class MembraneOverflowTests
{
    private static (float[], float[], float[], float[], float[], float[], int[]) State(RecurrentSpikingNetwork net) =>
        (net.Membrane.ToArray(), net.Spikes.ToArray(), net.Efficacy.ToArray(), net.Release.ToArray(), net.Resources.ToArray(), net.Rates.ToArray(),
            net.RefractoryRemaining.ToArray());

    [Test]
    public void Step_RawInputDrivesPotentialBelowFloatRange_ThrowsNamingNeuronAndKeepsState()
    {
        // λ = 1: −3e38 then −3e38 again is −6e38, beyond float32 (−3.4e38); it used to be kept as −∞.
        var net = new RecurrentSpikingNetwork(2, new RecurrentSpikingOptions { ConnectionProbability = 0, Leak = 1, Seed = 1 });
        net.Step([-3e38f, 0f]);
        Assert.That(net.Membrane[0], Is.EqualTo(-3e38f), "−3e38 itself is finite and kept");
        var before = State(net);

        var e = Assert.Throws<NotFiniteNumberException>(() => net.Step([-3e38f, 0f]));

        Assert.That(e!.Message, Does.Contain("neuron 0").And.Contain("overflows float32"));
        Assert.That(State(net), Is.EqualTo(before));
    }

    [Test]
    public void Step_LeakZeroInhibitoryFieldOverflows_ThrowsInsteadOfLeavingNaN()
    {
        // λ = 0, neuron 1 inhibitory (g = 4) with W[0, 1] = 3e38: once neuron 1 spikes, neuron 0 gets −4 · 3e38 = −∞.
        // Kept, the next step's 0 · (−∞) made neuron 0's potential NaN, silently.
        var net = new RecurrentSpikingNetwork(2, new RecurrentSpikingOptions
        {
            ConnectionProbability = 1, Leak = 0, InhibitoryFraction = 0.5f, InhibitoryGain = 4, Seed = 2,
        });
        net.W.AsSpan()[0 * 2 + 1] = 3e38f;
        net.Step([0f, 3e38f]);
        Assert.That(net.Spikes[1], Is.EqualTo(1f), "neuron 1 spikes on 3e38");
        var before = State(net);

        var e = Assert.Throws<NotFiniteNumberException>(() => net.Step([0f, 0f]));

        Assert.That(e!.Message, Does.Contain("neuron 0"));
        Assert.That(State(net), Is.EqualTo(before));
        Assert.That(net.Membrane.ToArray(), Is.All.Matches<float>(float.IsFinite));
    }

    [Test]
    public void Step_PositiveOverflow_IsRefusedNotTakenForASpike()
    {
        // 3e38 + 3e38 overflows to +∞; an overflow's sign is not reliable, so it is refused as −∞ is.
        var net = new RecurrentSpikingNetwork(1, new RecurrentSpikingOptions { ConnectionProbability = 0, Leak = 1, Threshold = 3.3e38f, Seed = 3 });
        net.Step([3e38f]);
        var before = State(net);

        Assert.Throws<NotFiniteNumberException>(() => net.Step([3e38f]));

        Assert.That(State(net), Is.EqualTo(before));
    }

    [Test]
    public void Step_RefractoryNeuronIgnoresAnOverflowingInput()
    {
        // Reset at −3e38 (finite, below the threshold): while refractory the neuron ignores its input, so −3e38 more is no
        // problem; once it integrates again, the same input overflows.
        var net = new RecurrentSpikingNetwork(1, new RecurrentSpikingOptions
        {
            ConnectionProbability = 0, Leak = 1, RefractorySteps = 1, Threshold = 1, ResetPotential = -3e38f, Seed = 4,
        });
        net.Step([float.MaxValue]); // −3e38 + 3.4e38 ≥ 1: spike, reset to −3e38, refractory for one step
        Assert.That((net.Spikes[0], net.RefractoryRemaining[0]), Is.EqualTo((1f, 1)));

        Assert.DoesNotThrow(() => net.Step([-3e38f]));
        Assert.That(net.Membrane[0], Is.EqualTo(-3e38f), "held at the reset potential");

        Assert.Throws<NotFiniteNumberException>(() => net.Step([-3e38f]));
        Assert.That(net.Membrane[0], Is.EqualTo(-3e38f));
    }

    [Test]
    public void Run_OverflowAtALaterStep_RestoresTheStateOfBeforeTheCall()
    {
        var net = new RecurrentSpikingNetwork(2, new RecurrentSpikingOptions { ConnectionProbability = 0, Leak = 1, Seed = 5 });
        net.Step([0.25f, 0.5f]);
        var before = State(net);

        // −1.5e38 per step: −3e38 after two steps, −4.5e38 (beyond float32) at the third.
        var e = Assert.Throws<NotFiniteNumberException>(() => net.Run([-1.5e38f, 0f], 5));

        Assert.That(e!.Message, Does.Contain("neuron 0"));
        Assert.That(State(net), Is.EqualTo(before));
    }

    [Test]
    public void Run_LargeFiniteInputWithinRange_IsNotRefused()
    {
        // λ = 0: every step's potential is exactly the input, −3e38, however long the run.
        var net = new RecurrentSpikingNetwork(1, new RecurrentSpikingOptions { ConnectionProbability = 0, Leak = 0, Seed = 6 });
        net.Run([-3e38f], 1000);
        Assert.That(net.Membrane[0], Is.EqualTo(-3e38f));
    }
}
