namespace Canns.Trainers;

/// <summary>Options of <see cref="HebbianTrainer"/> and <see cref="AntiHebbianTrainer"/>.</summary>
public sealed class HebbianOptions
{
    /// <summary>The learning rate η; finite and ≥ 0.</summary>
    /// <value>The default value is 1.</value>
    public float LearningRate { get; set; } = 1f;

    /// <summary>Subtract the mean activity ρ (the mean over all entries of all patterns trained so far) before the outer products.</summary>
    /// <value>The default value is true.</value>
    public bool SubtractMean { get; set; } = true;

    /// <summary>Set the diagonal of W to zero (no self-coupling).</summary>
    /// <value>The default value is true.</value>
    public bool ZeroDiagonal { get; set; } = true;

    /// <summary>Divide the sum of outer products by the number of patterns P.</summary>
    /// <value>The default value is true.</value>
    public bool NormalizeByPatternCount { get; set; } = true;

    /// <summary>The parameter to train; null for the model's own <c>WeightParameterName</c>.</summary>
    /// <value>The default value is null.</value>
    public string? WeightParameter { get; set; }

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!float.IsFinite(LearningRate) || LearningRate < 0) errors.Add($"LearningRate ({LearningRate}) must be finite and ≥ 0.");
        if (WeightParameter is not null && string.IsNullOrWhiteSpace(WeightParameter)) errors.Add("WeightParameter must be null or a parameter name.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(HebbianOptions), string.Join(" ", errors));
    }

    internal HebbianOptions Clone() => (HebbianOptions)MemberwiseClone();
}
