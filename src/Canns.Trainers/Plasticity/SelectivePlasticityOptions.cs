namespace Canns.Trainers;

/// <summary>
/// Selective plasticity against forgetting: each synapse keeps an eligibility trace of how much the rule has been moving
/// it, <c>e ← β e + (1 − β)|Δ|</c>, and after a warm-up its changes (the rule's Δ and the decay) are scaled by the gate
/// <c>g = 1 / (1 + k e/ē)</c>, with e the trace before this application and ē the mean trace over all synapses after
/// the previous one, except where both its neurons are active now: coincidence opens the gate (g = 1), as in an NMDA
/// receptor. Synapses a past task used heavily are kept from depression and decay while it is not active; synapses of the
/// task at hand learn at the full rate.
/// </summary>
/// <remarks>
/// With <see cref="ThresholdPercentile"/> the protection adapts to the distribution of the traces: only synapses whose
/// trace is above that percentile of all the traces are gated; the rest learn at the full rate.
/// With the gate, an application computes <c>w ← clip((w + g Δ)(1 − g δ))</c>; during the warm-up (g = 1) that is the
/// ungated rule. The traces are part of the trainer's state (checkpointed, rolled back with W).
/// </remarks>
public sealed class SelectivePlasticityOptions
{
    /// <summary>β, the trace's decay per application; in [0, 1).</summary>
    /// <value>The default value is 0.99.</value>
    public float TraceDecay { get; set; } = 0.99f;

    /// <summary>k, how strongly a used synapse is protected; finite and ≥ 0 (0: no protection).</summary>
    /// <value>The default value is 5.</value>
    public float Protection { get; set; } = 5f;

    /// <summary>Applications before the gate acts (the traces build up meanwhile); ≥ 0.</summary>
    /// <value>The default value is 100.</value>
    public int WarmupApplications { get; set; } = 100;

    /// <summary>
    /// The adaptive protection threshold, as a percentile of the traces over the existing synapses (recomputed after every
    /// application): only synapses whose trace is above it are gated, the others keep g = 1. Null gates every synapse.
    /// </summary>
    /// <value>The default value is null (no threshold). In (0, 100): 75 leaves the least-used three quarters unprotected.</value>
    public float? ThresholdPercentile { get; set; }

    /// <summary>
    /// Checks every option on its own (as <see cref="PlasticityOptions.Validate"/> checks it when nested), so a set can
    /// be checked before it is attached.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message lists every problem.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        Validate(errors);
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(SelectivePlasticityOptions), string.Join(" ", errors));
    }

    internal void Validate(List<string> errors)
    {
        if (!(TraceDecay >= 0 && TraceDecay < 1)) errors.Add($"Selective.TraceDecay ({TraceDecay}) must be in [0, 1).");
        if (!float.IsFinite(Protection) || Protection < 0) errors.Add($"Selective.Protection ({Protection}) must be finite and ≥ 0.");
        if (WarmupApplications < 0) errors.Add($"Selective.WarmupApplications ({WarmupApplications}) must be ≥ 0.");
        if (ThresholdPercentile is { } p && !(p > 0 && p < 100)) errors.Add($"Selective.ThresholdPercentile ({p}) must be in (0, 100), or null for no threshold.");
    }

    internal SelectivePlasticityOptions Clone() => (SelectivePlasticityOptions)MemberwiseClone();
}
