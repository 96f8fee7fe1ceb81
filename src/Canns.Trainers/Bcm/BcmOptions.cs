namespace Canns.Trainers;

/// <summary>Options of <see cref="BcmTrainer"/>.</summary>
public sealed class BcmOptions : RateRuleOptions
{
    /// <summary>The lower weight bound (weights are clamped after each update); finite, or null for none.</summary>
    /// <value>The default value is null (no bound).</value>
    public float? WeightMin { get; set; }

    /// <summary>The upper weight bound (weights are clamped after each update); finite and ≥ <see cref="WeightMin"/>, or null for none.</summary>
    /// <value>The default value is null (no bound).</value>
    public float? WeightMax { get; set; }

    private protected override void AddErrors(List<string> errors)
    {
        // An infinite bound is refused like NaN: WeightMin = +∞ (or WeightMax = −∞) would clamp every weight to ∞.
        if (WeightMin is float lo && !float.IsFinite(lo)) errors.Add($"WeightMin ({lo}) must be finite (null for no bound).");
        if (WeightMax is float hi && !float.IsFinite(hi)) errors.Add($"WeightMax ({hi}) must be finite (null for no bound).");
        if (WeightMin is float a && WeightMax is float b && a > b) errors.Add($"WeightMin ({a}) must be ≤ WeightMax ({b}).");
    }
}
