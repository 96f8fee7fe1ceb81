namespace Canns.Trainers;

/// <summary>Options of <see cref="BcmTrainer"/>.</summary>
public sealed class BcmOptions : RateRuleOptions
{
    /// <summary>The lower weight bound (weights are clamped after each update); null for none.</summary>
    /// <value>The default value is null (no bound).</value>
    public float? WeightMin { get; set; }

    /// <summary>The upper weight bound (weights are clamped after each update); null for none.</summary>
    /// <value>The default value is null (no bound).</value>
    public float? WeightMax { get; set; }

    private protected override void AddErrors(List<string> errors)
    {
        if (WeightMin is float lo && float.IsNaN(lo)) errors.Add("WeightMin must not be NaN.");
        if (WeightMax is float hi && float.IsNaN(hi)) errors.Add("WeightMax must not be NaN.");
        if (WeightMin is float a && WeightMax is float b && a > b) errors.Add($"WeightMin ({a}) must be ≤ WeightMax ({b}).");
    }
}
