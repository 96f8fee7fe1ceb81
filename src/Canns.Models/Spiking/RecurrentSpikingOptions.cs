namespace Canns.Models;

/// <summary>Options of a <see cref="RecurrentSpikingNetwork"/>.</summary>
public sealed class RecurrentSpikingOptions
{
    /// <summary>The probability that a synapse j → i (i ≠ j) exists; in [0, 1].</summary>
    /// <value>The default value is 0.1.</value>
    public float ConnectionProbability { get; set; } = 0.1f;

    /// <summary>Initial weights of existing synapses are uniform in [0, s) with s this scale; finite and ≥ 0.</summary>
    /// <value>The default value is 0.1.</value>
    public float InitialWeightScale { get; set; } = 0.1f;

    /// <summary>The membrane leak λ of <c>v ← λ v + Σ_j W_ij e_j + I</c>; in [0, 1].</summary>
    /// <value>The default value is 0.9.</value>
    public float Leak { get; set; } = 0.9f;

    /// <summary>The firing threshold: a neuron spikes when <c>v ≥ threshold</c>; finite.</summary>
    /// <value>The default value is 1.</value>
    public float Threshold { get; set; } = 1f;

    /// <summary>The potential after a spike; finite and below <see cref="Threshold"/>.</summary>
    /// <value>The default value is 0.</value>
    public float ResetPotential { get; set; }

    /// <summary>Steps a neuron ignores its input after a spike (its potential held at the reset value); ≥ 0.</summary>
    /// <value>The default value is 2.</value>
    public int RefractorySteps { get; set; } = 2;

    /// <summary>The length of a step in milliseconds, used only to express rates in Hz; finite and &gt; 0.</summary>
    /// <value>The default value is 1.</value>
    public float TimeStepMilliseconds { get; set; } = 1f;

    /// <summary>τ in steps of the rate estimate <c>ν ← ν + (s − ν)/τ</c> (spikes per step); finite and ≥ 1.</summary>
    /// <value>The default value is 100.</value>
    public float RateTimeConstant { get; set; } = 100f;

    /// <summary>
    /// The fraction of inhibitory neurons (Dale's law): the last ⌊fraction·N⌋ neurons' spikes arrive with the sign
    /// reversed and scaled by <see cref="InhibitoryGain"/>, <c>−g·W_ij e_j</c>; W itself stays a magnitude. In [0, 1).
    /// </summary>
    /// <value>The default value is 0 (all excitatory).</value>
    public float InhibitoryFraction { get; set; }

    /// <summary>g, how much stronger an inhibitory synapse acts than an excitatory one of the same weight; finite and ≥ 0.</summary>
    /// <value>The default value is 4.</value>
    public float InhibitoryGain { get; set; } = 4f;

    /// <summary>Short-term plasticity of every synapse; null for none (each spike transmits with efficacy 1).</summary>
    /// <value>The default value is null.</value>
    public ShortTermPlasticityOptions? ShortTermPlasticity { get; set; }

    /// <summary>
    /// Short-term plasticity of the inhibitory neurons' synapses when it differs from <see cref="ShortTermPlasticity"/>
    /// (excitatory synapses often depress while inhibitory ones facilitate); null for the same as every other synapse.
    /// </summary>
    /// <value>The default value is null.</value>
    public ShortTermPlasticityOptions? InhibitoryShortTermPlasticity { get; set; }

    /// <summary>
    /// M, the feed-forward input channels: 0 feeds each step's input straight to the neurons as currents (N values);
    /// M &gt; 0 gives the network input weights W_in (N × M, <see cref="RecurrentSpikingNetwork.InputWeights"/>, which
    /// the plasticity toolkit can train) and each step's input is the M channels' activity x, reaching neuron i as the
    /// current <c>Σ_j W_in[i, j] x_j</c>. At least 0.
    /// </summary>
    /// <value>The default value is 0 (no input weights).</value>
    public int InputCount { get; set; }

    /// <summary>Initial input weights are uniform in [0, s) with s this scale (drawn after W, so W does not depend on it); finite and ≥ 0.</summary>
    /// <value>The default value is 0.5.</value>
    public float InputWeightScale { get; set; } = 0.5f;

    /// <summary>
    /// The seed of the connectivity and initial weights: networks of the same size, options and seed start with the
    /// same synapses and weights (the default included). Not used when a <see cref="Random"/> is passed to the constructor.
    /// </summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!(ConnectionProbability >= 0 && ConnectionProbability <= 1)) errors.Add($"ConnectionProbability ({ConnectionProbability}) must be in [0, 1].");
        if (!float.IsFinite(InitialWeightScale) || InitialWeightScale < 0) errors.Add($"InitialWeightScale ({InitialWeightScale}) must be finite and ≥ 0.");
        if (!(Leak >= 0 && Leak <= 1)) errors.Add($"Leak ({Leak}) must be in [0, 1].");
        if (!float.IsFinite(Threshold)) errors.Add($"Threshold ({Threshold}) must be finite.");
        if (!float.IsFinite(ResetPotential) || !(ResetPotential < Threshold)) errors.Add($"ResetPotential ({ResetPotential}) must be finite and below Threshold ({Threshold}).");
        if (RefractorySteps < 0) errors.Add($"RefractorySteps ({RefractorySteps}) must be ≥ 0.");
        if (!float.IsFinite(TimeStepMilliseconds) || TimeStepMilliseconds <= 0) errors.Add($"TimeStepMilliseconds ({TimeStepMilliseconds}) must be finite and > 0.");
        if (!float.IsFinite(RateTimeConstant) || RateTimeConstant < 1) errors.Add($"RateTimeConstant ({RateTimeConstant}) must be finite and ≥ 1.");
        if (!(InhibitoryFraction >= 0 && InhibitoryFraction < 1)) errors.Add($"InhibitoryFraction ({InhibitoryFraction}) must be in [0, 1).");
        if (!float.IsFinite(InhibitoryGain) || InhibitoryGain < 0) errors.Add($"InhibitoryGain ({InhibitoryGain}) must be finite and ≥ 0.");
        if (InputCount < 0) errors.Add($"InputCount ({InputCount}) must be ≥ 0 (0: the input is the neurons' currents).");
        if (!float.IsFinite(InputWeightScale) || InputWeightScale < 0) errors.Add($"InputWeightScale ({InputWeightScale}) must be finite and ≥ 0.");
        // The short-term options' problems go in the same list, each named with the property that holds them.
        ShortTermPlasticity?.AddErrors(errors, $"{nameof(ShortTermPlasticity)}.");
        InhibitoryShortTermPlasticity?.AddErrors(errors, $"{nameof(InhibitoryShortTermPlasticity)}.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(RecurrentSpikingOptions), string.Join(" ", errors));
    }

    internal RecurrentSpikingOptions Clone()
    {
        var copy = (RecurrentSpikingOptions)MemberwiseClone();
        copy.ShortTermPlasticity = ShortTermPlasticity?.Clone();
        copy.InhibitoryShortTermPlasticity = InhibitoryShortTermPlasticity?.Clone();
        return copy;
    }
}
