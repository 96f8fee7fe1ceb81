namespace Canns.Trainers;

/// <summary>
/// Options of <see cref="LocalRuleTrainer"/> and <see cref="LocalRuleLayerTrainer"/>. One update is
/// <c>w_ij ← clamp(w_ij + η_t (s·ΔW_ij − λ w_ij), MinWeight, MaxWeight)</c> where ΔW is the rule's sum over the
/// update's samples, s = 1/P when normalising (recurrent) and 1 otherwise, λ is <see cref="WeightDecay"/> and η_t the
/// learning rate of update t.
/// </summary>
/// <remarks>The learning rate is the constant <see cref="LearningRate"/>, or the <see cref="Schedule"/> (an <see cref="ILearningRateSchedule"/>, shared with the other trainers) when one is set.</remarks>
public sealed class LocalRuleOptions
{
    /// <summary>The learning rate η when no schedule is set; finite and ≥ 0.</summary>
    /// <value>The default value is 1.</value>
    public float LearningRate { get; set; } = 1f;

    /// <summary>
    /// The learning rate of update t (t = 0, 1, …: one update per <c>Train</c> call for recurrent networks, one per
    /// sample for layers), overriding <see cref="LearningRate"/>; each value must be finite and ≥ 0.
    /// </summary>
    /// <value>The default value is null (constant rate).</value>
    public ILearningRateSchedule? Schedule { get; set; }

    /// <summary>The weight decay λ: each update also subtracts <c>η λ w_ij</c>; finite and ≥ 0.</summary>
    /// <value>The default value is 0.</value>
    public float WeightDecay { get; set; }

    /// <summary>A hard lower bound applied after every update; null for none.</summary>
    /// <value>The default value is null.</value>
    public float? MinWeight { get; set; }

    /// <summary>A hard upper bound applied after every update; null for none; ≥ <see cref="MinWeight"/>.</summary>
    /// <value>The default value is null.</value>
    public float? MaxWeight { get; set; }

    /// <summary>Recurrent networks: what is subtracted from the patterns before the rule sees them.</summary>
    /// <value>The default value is <see cref="RuleCentering.None"/>.</value>
    public RuleCentering Centering { get; set; } = RuleCentering.None;

    /// <summary>Recurrent networks: divide the sum over the call's P patterns by P.</summary>
    /// <value>The default value is true.</value>
    public bool NormalizeByPatternCount { get; set; } = true;

    /// <summary>Recurrent networks: set the diagonal of W to zero after every update (no self-coupling).</summary>
    /// <value>The default value is true.</value>
    public bool ZeroDiagonal { get; set; } = true;

    /// <summary>The trace decay d in (0, 1]: <c>x̄ ← d·x̄ + x</c> before the rule sees each sample.</summary>
    /// <value>The default value is 0.9.</value>
    public float TraceDecay { get; set; } = 0.9f;

    /// <summary>Layers: passes over the samples per <c>Train</c> call, in row order; ≥ 1.</summary>
    /// <value>The default value is 1.</value>
    public int Epochs { get; set; } = 1;

    /// <summary>The parameter to train; null for the model's own <c>WeightParameterName</c>.</summary>
    /// <value>The default value is null.</value>
    public string? WeightParameter { get; set; }

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message lists each.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!float.IsFinite(LearningRate) || LearningRate < 0) errors.Add($"LearningRate ({LearningRate}) must be finite and ≥ 0.");
        if (!float.IsFinite(WeightDecay) || WeightDecay < 0) errors.Add($"WeightDecay ({WeightDecay}) must be finite and ≥ 0.");
        if (MinWeight is { } lo && !float.IsFinite(lo)) errors.Add($"MinWeight ({lo}) must be finite.");
        if (MaxWeight is { } hi && !float.IsFinite(hi)) errors.Add($"MaxWeight ({hi}) must be finite.");
        if (MinWeight is { } a && MaxWeight is { } b && a > b) errors.Add($"MinWeight ({a}) must be ≤ MaxWeight ({b}).");
        if (!Enum.IsDefined(Centering)) errors.Add($"Centering ({Centering}) is not a RuleCentering value.");
        if (!(TraceDecay > 0 && TraceDecay <= 1)) errors.Add($"TraceDecay ({TraceDecay}) must be in (0, 1].");
        if (Epochs < 1) errors.Add($"Epochs ({Epochs}) must be ≥ 1.");
        if (WeightParameter is not null && string.IsNullOrWhiteSpace(WeightParameter)) errors.Add("WeightParameter must be null or a parameter name.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(LocalRuleOptions), string.Join(" ", errors));
    }

    internal LocalRuleOptions Clone() => (LocalRuleOptions)MemberwiseClone();

    /// <summary>η_t, checked.</summary>
    internal float RateAt(long update)
    {
        float rate = Schedule?.RateAt(update) ?? LearningRate;
        if (!float.IsFinite(rate) || rate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Schedule), rate, $"The learning-rate schedule returned {rate} for update {update}; it must be finite and ≥ 0. The model is unchanged.");
        }
        return rate;
    }
}
