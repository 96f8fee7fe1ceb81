namespace Canns.Trainers;

/// <summary>
/// BCM metaplasticity on the running rates ν (spikes per step): at each application of the rule
/// <c>ΔW_ij = η_B m ν_j ν_i (ν_i − θ_i)</c> and then <c>θ_i ← θ_i + (ν_i² − θ_i)/τ_θ</c>, so a neuron that has been
/// active needs more to potentiate. With <see cref="TargetRateHz"/> ν₀ the threshold follows <c>ν_i²/ν₀</c> instead (the
/// classic sliding threshold <c>θ = ⟨ν²⟩/ν₀</c>): a neuron below ν₀ potentiates, one above it depresses, so the rule
/// holds rates near ν₀.
/// </summary>
public sealed class MetaplasticityOptions
{
    /// <summary>η_B; finite and ≥ 0.</summary>
    /// <value>The default value is 0.01.</value>
    public float LearningRate { get; set; } = 0.01f;

    /// <summary>τ_θ in applications of the rule; finite and ≥ 1.</summary>
    /// <value>The default value is 100.</value>
    public float ThresholdTimeConstant { get; set; } = 100f;

    /// <summary>θ of every neuron before any training; finite and ≥ 0.</summary>
    /// <value>The default value is 0.01.</value>
    public float InitialThreshold { get; set; } = 0.01f;

    /// <summary>ν₀, the target rate of the sliding threshold, in Hz (converted with the network's time step); finite and &gt; 0, or null.</summary>
    /// <value>The default value is null: θ follows ν² (no target).</value>
    public float? TargetRateHz { get; set; }

    /// <summary>
    /// Checks every option on its own (as <see cref="PlasticityOptions.Validate"/> checks it when nested), so a set can
    /// be checked before it is attached.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message lists every problem.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        Validate(errors);
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(MetaplasticityOptions), string.Join(" ", errors));
    }

    internal void Validate(List<string> errors)
    {
        if (!float.IsFinite(LearningRate) || LearningRate < 0) errors.Add($"Metaplasticity.LearningRate ({LearningRate}) must be finite and ≥ 0.");
        if (!float.IsFinite(ThresholdTimeConstant) || ThresholdTimeConstant < 1) errors.Add($"Metaplasticity.ThresholdTimeConstant ({ThresholdTimeConstant}) must be finite and ≥ 1.");
        if (!float.IsFinite(InitialThreshold) || InitialThreshold < 0) errors.Add($"Metaplasticity.InitialThreshold ({InitialThreshold}) must be finite and ≥ 0.");
        if (TargetRateHz is { } target && !(float.IsFinite(target) && target > 0)) errors.Add($"Metaplasticity.TargetRateHz ({target}) must be finite and > 0, or null for no target.");
    }

    internal MetaplasticityOptions Clone() => (MetaplasticityOptions)MemberwiseClone();
}
