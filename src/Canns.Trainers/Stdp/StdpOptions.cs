namespace Canns.Trainers;

/// <summary>Options of <see cref="StdpTrainer"/>. The trace decays are the layer's (<c>SpikingLayerOptions</c>).</summary>
public sealed class StdpOptions
{
    /// <summary>The potentiation amplitude A₊; finite and ≥ 0.</summary>
    /// <value>The default value is 0.005.</value>
    public float APlus { get; set; } = 0.005f;

    /// <summary>The depression amplitude A₋; finite and ≥ 0.</summary>
    /// <value>The default value is 0.00525.</value>
    public float AMinus { get; set; } = 0.00525f;

    /// <summary>A factor η on both amplitudes, used when <see cref="Schedule"/> is null; finite and ≥ 0, with η A₊ and η A₋ finite in float32.</summary>
    /// <value>The default value is 1.</value>
    public float LearningRate { get; set; } = 1f;

    /// <summary>η over time steps (counted across <c>Train</c> calls until <c>Reset</c>); null for the constant <see cref="LearningRate"/>.</summary>
    /// <value>The default value is null.</value>
    public ILearningRateSchedule? Schedule { get; set; }

    /// <summary>How weights are kept in [<see cref="MinWeight"/>, <see cref="MaxWeight"/>].</summary>
    /// <value>The default value is <see cref="StdpBounds.Hard"/>.</value>
    public StdpBounds Bounds { get; set; } = StdpBounds.Hard;

    /// <summary>The lower weight bound w_min; finite.</summary>
    /// <value>The default value is 0.</value>
    public float MinWeight { get; set; }

    /// <summary>The upper weight bound w_max; finite and ≥ <see cref="MinWeight"/>; with soft bounds w_max − w_min finite in float32.</summary>
    /// <value>The default value is 1.</value>
    public float MaxWeight { get; set; } = 1f;

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!float.IsFinite(APlus) || APlus < 0) errors.Add($"APlus ({APlus}) must be finite and ≥ 0.");
        if (!float.IsFinite(AMinus) || AMinus < 0) errors.Add($"AMinus ({AMinus}) must be finite and ≥ 0.");
        if (!float.IsFinite(LearningRate) || LearningRate < 0) errors.Add($"LearningRate ({LearningRate}) must be finite and ≥ 0.");
        if (Schedule is null && float.IsFinite(LearningRate) && LearningRate >= 0)
        {
            // η A overflowing float32 makes p = 0 · ∞ = NaN for every output that did not spike.
            if (float.IsFinite(APlus) && !float.IsFinite(LearningRate * APlus)) errors.Add($"LearningRate × APlus ({LearningRate} × {APlus}) overflows float32.");
            if (float.IsFinite(AMinus) && !float.IsFinite(LearningRate * AMinus)) errors.Add($"LearningRate × AMinus ({LearningRate} × {AMinus}) overflows float32.");
        }
        if (!Enum.IsDefined(Bounds)) errors.Add($"Bounds ({Bounds}) is not a defined bounds mode.");
        if (!float.IsFinite(MinWeight)) errors.Add($"MinWeight ({MinWeight}) must be finite.");
        if (!float.IsFinite(MaxWeight)) errors.Add($"MaxWeight ({MaxWeight}) must be finite.");
        if (MinWeight > MaxWeight) errors.Add($"MinWeight ({MinWeight}) must be ≤ MaxWeight ({MaxWeight}).");
        else if (Bounds == StdpBounds.Soft && float.IsFinite(MinWeight) && float.IsFinite(MaxWeight) && !float.IsFinite(MaxWeight - MinWeight))
        {
            // The soft rule multiplies by w_max − w and w − w_min: an infinite difference times a zero term is NaN.
            errors.Add($"MaxWeight − MinWeight ({MaxWeight} − {MinWeight}) overflows float32; soft bounds need a finite range (the rule multiplies by w_max − w and w − w_min).");
        }
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(StdpOptions), string.Join(" ", errors));
    }

    internal StdpOptions Clone() => (StdpOptions)MemberwiseClone();
}
