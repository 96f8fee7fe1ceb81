namespace Canns.Trainers;

/// <summary>Options of <see cref="SelectiveTrainer{TModel, TPrediction}"/>: selective plasticity around any trainer.</summary>
/// <remarks>
/// A step is one <see cref="Trainer.Train"/> call of the wrapped trainer (one batch, as an optimiser's step), so
/// <see cref="SelectivePlasticityOptions.WarmupApplications"/> counts calls and <see cref="SelectivePlasticityOptions.TraceDecay"/>
/// decays the traces once a call. Feed the data in batches to gate batch by batch.
/// </remarks>
public sealed class SelectiveTrainerOptions
{
    /// <summary>The gate: trace decay β, protection k, warm-up (in steps) and the adaptive threshold's percentile.</summary>
    /// <value>The default value is <c>new SelectivePlasticityOptions()</c> (β = 0.99, k = 5, 100 steps of warm-up, no threshold).</value>
    public SelectivePlasticityOptions Selective { get; set; } = new();

    /// <summary>
    /// How much a surprising step opens the gate, in [0, 1]: the protection of a step is scaled by <c>1 − w·s</c>, where the
    /// surprise s ∈ [0, 1] is one minus the cosine between the step's update magnitudes |Δ| and the traces e (0 when
    /// either is all zero). A step that moves the synapses the past moved is not surprising (s near 0, full protection);
    /// one that moves others is, and learns more freely.
    /// </summary>
    /// <value>The default value is 0 (no surprise modulation).</value>
    public float SurpriseWeight { get; set; }

    /// <summary>The parameter whose updates are gated; null for the model's weights (<c>IHasWeights.WeightParameterName</c>).</summary>
    /// <value>The default value is null.</value>
    public string? Parameter { get; set; }

    /// <summary>Checks every option and throws once, naming each one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names each one.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (Selective is null) errors.Add("Selective must not be null.");
        else Selective.Validate(errors);
        if (!(SurpriseWeight >= 0 && SurpriseWeight <= 1)) errors.Add($"SurpriseWeight ({SurpriseWeight}) must be in [0, 1].");
        if (Parameter is not null && string.IsNullOrWhiteSpace(Parameter)) errors.Add("Parameter must be null (the model's weights) or a parameter's name.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(SelectiveTrainerOptions), string.Join(" ", errors));
    }

    internal SelectiveTrainerOptions Clone()
    {
        var copy = (SelectiveTrainerOptions)MemberwiseClone();
        copy.Selective = Selective?.Clone()!;
        return copy;
    }
}
