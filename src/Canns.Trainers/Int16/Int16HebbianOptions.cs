namespace Canns.Trainers;

/// <summary>Options of <see cref="Int16HebbianTrainer"/>.</summary>
public sealed class Int16HebbianOptions
{
    /// <summary>The learning rate η; finite and &gt; 0.</summary>
    /// <value>The default value is 1.</value>
    public float LearningRate { get; set; } = 1f;

    /// <summary>Subtract the mean activity ρ (the mean over all entries of all patterns stored) before the outer products.</summary>
    /// <value>The default value is true.</value>
    public bool SubtractMean { get; set; } = true;

    /// <summary>Divide the sum of outer products by the number of patterns P.</summary>
    /// <value>The default value is true.</value>
    public bool NormalizeByPatternCount { get; set; } = true;

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!float.IsFinite(LearningRate) || LearningRate <= 0) errors.Add($"LearningRate ({LearningRate}) must be finite and > 0.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(Int16HebbianOptions), string.Join(" ", errors));
    }

    internal Int16HebbianOptions Clone() => (Int16HebbianOptions)MemberwiseClone();
}
