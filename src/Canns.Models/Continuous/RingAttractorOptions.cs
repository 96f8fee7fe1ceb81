namespace Canns.Models;

/// <summary>Options of a <see cref="RingAttractorNetwork"/>.</summary>
public sealed class RingAttractorOptions
{
    /// <summary>The profile of the initial couplings.</summary>
    /// <value>The default value is <see cref="RingCoupling.Cosine"/>.</value>
    public RingCoupling Coupling { get; set; } = RingCoupling.Cosine;

    /// <summary>J0, the coupling every pair shares (negative: global inhibition); must be finite.</summary>
    /// <value>The default value is −4.</value>
    public float UniformCoupling { get; set; } = -4f;

    /// <summary>
    /// J1, the strength of the tuned coupling; must be finite. With <see cref="RingCoupling.Cosine"/> a bump forms
    /// when J1 &gt; 2, with half-width θc given by <c>J1 (θc − sin θc cos θc) = 2π</c>.
    /// </summary>
    /// <value>The default value is 6 (θc ≈ 1.30 rad).</value>
    public float TunedCoupling { get; set; } = 6f;

    /// <summary>σ, the width in radians of the <see cref="RingCoupling.Gaussian"/> profile; must be finite and &gt; 0.</summary>
    /// <value>The default value is 0.5.</value>
    public float Width { get; set; } = 0.5f;

    /// <summary>
    /// η = Δt/τ, the Euler step of <c>τ dr/dt = −r + [W r + I]₊</c>; must be in (0, 1] so rates stay ≥ 0. The energy
    /// never increases when also η ≤ 2 / (1 − λ_min(W)).
    /// </summary>
    /// <value>The default value is 0.1.</value>
    public float StepSize { get; set; } = 0.1f;

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Coupling)) errors.Add($"Coupling ({Coupling}) is not a defined ring coupling.");
        if (!float.IsFinite(UniformCoupling)) errors.Add($"UniformCoupling ({UniformCoupling}) must be finite.");
        if (!float.IsFinite(TunedCoupling)) errors.Add($"TunedCoupling ({TunedCoupling}) must be finite.");
        if (!float.IsFinite(Width) || Width <= 0) errors.Add($"Width ({Width}) must be finite and > 0.");
        if (!float.IsFinite(StepSize) || StepSize <= 0 || StepSize > 1) errors.Add($"StepSize ({StepSize}) must be in (0, 1].");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(RingAttractorOptions), string.Join(" ", errors));
    }
}
