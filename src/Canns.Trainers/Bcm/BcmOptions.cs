namespace Canns.Trainers;

/// <summary>Options of <see cref="BcmTrainer"/>.</summary>
public sealed class BcmOptions : RateRuleOptions
{
    /// <summary>The lower weight bound (weights are clamped after each update); finite, or null for none.</summary>
    /// <value>The default value is null (no bound).</value>
    public float? MinWeight { get; set; }

    /// <summary>The upper weight bound (weights are clamped after each update); finite and ≥ <see cref="MinWeight"/>, or null for none.</summary>
    /// <value>The default value is null (no bound).</value>
    public float? MaxWeight { get; set; }

    private protected override void AddErrors(List<string> errors)
    {
        // An infinite bound is refused like NaN: MinWeight = +∞ (or MaxWeight = −∞) would clamp every weight to ∞.
        if (MinWeight is float lo && !float.IsFinite(lo)) errors.Add($"MinWeight ({lo}) must be finite (null for no bound).");
        if (MaxWeight is float hi && !float.IsFinite(hi)) errors.Add($"MaxWeight ({hi}) must be finite (null for no bound).");
        if (MinWeight is float a && MaxWeight is float b && a > b) errors.Add($"MinWeight ({a}) must be ≤ MaxWeight ({b}).");
    }
}
