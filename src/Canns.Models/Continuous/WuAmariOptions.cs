namespace Canns.Models;

/// <summary>Options of a <see cref="WuAmariNetwork"/>; the defaults are the usual CANN1D ones.</summary>
public sealed class WuAmariOptions
{
    /// <summary>τ, the time constant; finite and &gt; 0.</summary>
    /// <value>The default value is 1.</value>
    public float TimeConstant { get; set; } = 1f;

    /// <summary>Δt, the Euler step (in the units of τ); finite, &gt; 0 and at most τ.</summary>
    /// <value>The default value is 0.1.</value>
    public float TimeStep { get; set; } = 0.1f;

    /// <summary>k, the strength of the global divisive inhibition; finite and &gt; 0.</summary>
    /// <value>The default value is 8.1.</value>
    public float Inhibition { get; set; } = 8.1f;

    /// <summary>a, the width of the Gaussian couplings in radians; finite and &gt; 0.</summary>
    /// <value>The default value is 0.5.</value>
    public float Width { get; set; } = 0.5f;

    /// <summary>J0, the strength of the couplings; finite and &gt; 0.</summary>
    /// <value>The default value is 4.</value>
    public float Coupling { get; set; } = 4f;

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!float.IsFinite(TimeConstant) || TimeConstant <= 0) errors.Add($"TimeConstant ({TimeConstant}) must be finite and > 0.");
        if (!float.IsFinite(TimeStep) || TimeStep <= 0 || !(TimeStep <= TimeConstant)) errors.Add($"TimeStep ({TimeStep}) must be finite, > 0 and at most TimeConstant ({TimeConstant}).");
        if (!float.IsFinite(Inhibition) || Inhibition <= 0) errors.Add($"Inhibition ({Inhibition}) must be finite and > 0.");
        if (!float.IsFinite(Width) || Width <= 0) errors.Add($"Width ({Width}) must be finite and > 0.");
        if (!float.IsFinite(Coupling) || Coupling <= 0) errors.Add($"Coupling ({Coupling}) must be finite and > 0.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(WuAmariOptions), string.Join(" ", errors));
    }
}
