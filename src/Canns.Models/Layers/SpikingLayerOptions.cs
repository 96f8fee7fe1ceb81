namespace Canns.Models;

/// <summary>Options of a <see cref="SpikingLayer"/> of leaky integrate-and-fire neurons.</summary>
public sealed class SpikingLayerOptions
{
    /// <summary>The membrane leak λ of <c>v ← λ v + W s_pre</c>; in [0, 1].</summary>
    /// <value>The default value is 0.9.</value>
    public float Leak { get; set; } = 0.9f;

    /// <summary>The firing threshold: a neuron spikes when <c>v ≥ threshold</c>; finite.</summary>
    /// <value>The default value is 1.</value>
    public float Threshold { get; set; } = 1f;

    /// <summary>The potential a neuron is set to after it spikes; finite and below <see cref="Threshold"/>.</summary>
    /// <value>The default value is 0.</value>
    public float ResetPotential { get; set; }

    /// <summary>Time steps a neuron ignores its input after a spike (its potential held at the reset value); ≥ 0.</summary>
    /// <value>The default value is 0 (no refractory period).</value>
    public int RefractorySteps { get; set; }

    /// <summary>
    /// The decay d₊ of the presynaptic trace, <c>x̄ ← d₊ x̄ + s_pre</c>; in (0, 1]. The trace stays in [0, 1/(1 − d₊)] (up
    /// to float32 rounding) however long the run; with d₊ = 1 it counts the spikes, exactly up to 2²⁴ (16,777,216), where it stops growing.
    /// </summary>
    /// <value>The default value is 0.95.</value>
    public float PreTraceDecay { get; set; } = 0.95f;

    /// <summary>The decay d₋ of the postsynaptic trace, <c>ȳ ← d₋ ȳ + s_post</c>; in (0, 1]; its range as for <see cref="PreTraceDecay"/>.</summary>
    /// <value>The default value is 0.95.</value>
    public float PostTraceDecay { get; set; } = 0.95f;

    /// <summary>Initial weights are uniform in [0, s) with s this scale; null for <c>1/√inputs</c>. Finite and ≥ 0.</summary>
    /// <value>The default value is null (1/√inputs).</value>
    public float? InitialWeightScale { get; set; }

    /// <summary>
    /// The seed of the initial weights: layers of the same shape, options and seed start with the same weights (the
    /// default included). Not used when a <see cref="Random"/> is passed to the constructor.
    /// </summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>
    /// Sets the trace decays from time constants and a time step: <c>d₊ = exp(−dt/τ₊)</c>, <c>d₋ = exp(−dt/τ₋)</c>.
    /// The decay is the exact exponential, not the Euler step <c>1 − dt/τ</c>: a dt longer than τ is valid (the decay
    /// stays in (0, 1), it never changes sign); only one so long that the decay underflows to 0 is refused.
    /// </summary>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A time constant or dt is not finite and &gt; 0, or dt/τ is so large that exp(−dt/τ) is 0 in float32; the options are unchanged.</exception>
    public SpikingLayerOptions UseTraceTimeConstants(float tauPre, float tauPost, float dt)
    {
        foreach (var (value, name) in new[] { (tauPre, nameof(tauPre)), (tauPost, nameof(tauPost)), (dt, nameof(dt)) })
        {
            if (!float.IsFinite(value) || value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} ({value}) must be finite and > 0.");
        }
        float pre = MathF.Exp(-dt / tauPre), post = MathF.Exp(-dt / tauPost);
        foreach (var (decay, tau, name) in new[] { (pre, tauPre, nameof(tauPre)), (post, tauPost, nameof(tauPost)) })
        {
            if (!(decay > 0))
            {
                // exp(−dt/τ) underflows float32 beyond dt/τ ≈ 103: the trace would not decay but vanish every step.
                throw new ArgumentOutOfRangeException(name, tau, $"dt ({dt}) / {name} ({tau}) is so large that the trace decay exp(−dt/τ) is 0 in float32: a trace would be gone by the next step. Use a smaller dt or a longer time constant.");
            }
        }
        PreTraceDecay = pre;
        PostTraceDecay = post;
        return this;
    }

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!(Leak >= 0 && Leak <= 1)) errors.Add($"Leak ({Leak}) must be in [0, 1].");
        if (!float.IsFinite(Threshold)) errors.Add($"Threshold ({Threshold}) must be finite.");
        if (!float.IsFinite(ResetPotential)) errors.Add($"ResetPotential ({ResetPotential}) must be finite.");
        else if (float.IsFinite(Threshold) && ResetPotential >= Threshold) errors.Add($"ResetPotential ({ResetPotential}) must be below Threshold ({Threshold}).");
        if (RefractorySteps < 0) errors.Add($"RefractorySteps ({RefractorySteps}) must be ≥ 0.");
        if (!(PreTraceDecay > 0 && PreTraceDecay <= 1)) errors.Add($"PreTraceDecay ({PreTraceDecay}) must be in (0, 1].");
        if (!(PostTraceDecay > 0 && PostTraceDecay <= 1)) errors.Add($"PostTraceDecay ({PostTraceDecay}) must be in (0, 1].");
        if (InitialWeightScale is float s && (!float.IsFinite(s) || s < 0)) errors.Add($"InitialWeightScale ({s}) must be finite and ≥ 0.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(SpikingLayerOptions), string.Join(" ", errors));
    }

    internal SpikingLayerOptions Clone() => (SpikingLayerOptions)MemberwiseClone();
}
