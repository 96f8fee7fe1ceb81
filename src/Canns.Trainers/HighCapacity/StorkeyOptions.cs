namespace Canns.Trainers;

/// <summary>Options of <see cref="StorkeyTrainer"/>.</summary>
public sealed class StorkeyOptions
{
    /// <summary>The parameter to train; null for the model's own <c>WeightParameterName</c>.</summary>
    /// <value>The default value is null.</value>
    public string? WeightParameter { get; set; }

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (WeightParameter is not null && string.IsNullOrWhiteSpace(WeightParameter))
        {
            throw new ArgumentOutOfRangeException(nameof(StorkeyOptions), "WeightParameter must be null or a parameter name.");
        }
    }

    internal StorkeyOptions Clone() => (StorkeyOptions)MemberwiseClone();
}
