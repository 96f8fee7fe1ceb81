namespace Canns.Trainers;

/// <summary>Options shared by the rate-based local rules (<see cref="OjaTrainer"/>, <see cref="SangerTrainer"/>, <see cref="BcmTrainer"/>).</summary>
public abstract class RateRuleOptions
{
    /// <summary>The constant learning rate η, used when <see cref="Schedule"/> is null; finite and ≥ 0.</summary>
    /// <value>The default value is 0.001.</value>
    public float LearningRate { get; set; } = 0.001f;

    /// <summary>A learning-rate schedule over samples (counted across <c>Train</c> calls until <c>Reset</c>); null for the constant <see cref="LearningRate"/>.</summary>
    /// <value>The default value is null.</value>
    public ILearningRateSchedule? Schedule { get; set; }

    /// <summary>Passes over the data per <c>Train</c> call; ≥ 1.</summary>
    /// <value>The default value is 1.</value>
    public int Epochs { get; set; } = 1;

    /// <summary>Visit the samples of each epoch in a fresh random order (otherwise in row order).</summary>
    /// <value>The default value is true.</value>
    public bool Shuffle { get; set; } = true;

    /// <summary>The seed of the shuffles: epoch e (counted across <c>Train</c> calls until <c>Reset</c>) uses <c>new Random(Seed + e)</c>.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!float.IsFinite(LearningRate) || LearningRate < 0) errors.Add($"LearningRate ({LearningRate}) must be finite and ≥ 0.");
        if (Epochs < 1) errors.Add($"Epochs ({Epochs}) must be ≥ 1.");
        AddErrors(errors);
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(GetType().Name, string.Join(" ", errors));
    }

    /// <summary>Adds the problems of a derived class's own options to <paramref name="errors"/>.</summary>
    private protected virtual void AddErrors(List<string> errors)
    {
    }

    internal RateRuleOptions Clone() => (RateRuleOptions)MemberwiseClone();
}
