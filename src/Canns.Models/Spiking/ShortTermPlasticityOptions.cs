namespace Canns.Models;

/// <summary>
/// Short-term plasticity of the Tsodyks–Markram kind, per presynaptic neuron: a release probability u and a fraction of
/// available resources x. Every step u relaxes toward U and x toward 1; at a spike the synapse releases <c>e = u·x</c>,
/// then <c>x ← x − e</c> and <c>u ← u + U(1 − u)</c>. The spike reaches its targets at the next step scaled by e.
/// </summary>
/// <remarks>
/// For a regular train with Δ steps between spikes the values just before a spike settle at
/// <c>u* = U / (1 − (1 − U) f^Δ)</c> and <c>x* = (1 − d^Δ) / (1 − (1 − u*) d^Δ)</c>, with <c>f = exp(−1/τ_f)</c> and
/// <c>d = exp(−1/τ_d)</c> (0 when the time constant is 0). Large τ_f and small τ_d facilitate; small τ_f and large τ_d
/// depress. However long the run, u stays in [U, 1] and x and e in [0, 1], float32 rounding included.
/// </remarks>
public sealed class ShortTermPlasticityOptions
{
    /// <summary>U, the baseline release probability; in (0, 1].</summary>
    /// <value>The default value is 0.5.</value>
    public float BaselineRelease { get; set; } = 0.5f;

    /// <summary>τ_f in steps, how long facilitation lasts; 0 for none (u stays U); finite and ≥ 0.</summary>
    /// <value>The default value is 0.</value>
    public float FacilitationTimeConstant { get; set; }

    /// <summary>τ_d in steps, how long released resources take to recover; 0 for instant recovery (x stays 1); finite and ≥ 0.</summary>
    /// <value>The default value is 200.</value>
    public float DepressionTimeConstant { get; set; } = 200f;

    /// <summary>A depressing synapse (U = 0.5, τ_f = 0, τ_d = 800 steps): the second of two close spikes releases less.</summary>
    public static ShortTermPlasticityOptions Depressing() => new() { BaselineRelease = 0.5f, FacilitationTimeConstant = 0f, DepressionTimeConstant = 800f };

    /// <summary>A facilitating synapse (U = 0.15, τ_f = 1,500 steps, τ_d = 100 steps): close spikes release more and more.</summary>
    public static ShortTermPlasticityOptions Facilitating() => new() { BaselineRelease = 0.15f, FacilitationTimeConstant = 1500f, DepressionTimeConstant = 100f };

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        AddErrors(errors, "");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(ShortTermPlasticityOptions), string.Join(" ", errors));
    }

    /// <summary>Adds a message for every option out of range to <paramref name="errors"/>, each name after <paramref name="prefix"/>.</summary>
    internal void AddErrors(List<string> errors, string prefix)
    {
        if (!(BaselineRelease > 0 && BaselineRelease <= 1)) errors.Add($"{prefix}BaselineRelease ({BaselineRelease}) must be in (0, 1].");
        if (!float.IsFinite(FacilitationTimeConstant) || FacilitationTimeConstant < 0) errors.Add($"{prefix}FacilitationTimeConstant ({FacilitationTimeConstant}) must be finite and ≥ 0.");
        if (!float.IsFinite(DepressionTimeConstant) || DepressionTimeConstant < 0) errors.Add($"{prefix}DepressionTimeConstant ({DepressionTimeConstant}) must be finite and ≥ 0.");
    }

    internal ShortTermPlasticityOptions Clone() => (ShortTermPlasticityOptions)MemberwiseClone();
}
