namespace Canns.Trainers;

/// <summary>Options of <see cref="StorkeyTrainer"/>.</summary>
public sealed class StorkeyOptions
{
    /// <summary>The parameter to train; null for the model's own <c>WeightParameterName</c>.</summary>
    /// <value>The default value is null.</value>
    public string? WeightParameter { get; set; }

    /// <summary>
    /// Patterns learned together: ±1 patterns are learned in blocks of at most this many (as equal as they come: 100
    /// patterns in blocks of 64 go as 50 and 50) through matrix products (the same rule,
    /// the sums in another order, so W agrees with the pattern-by-pattern update up to float rounding); 1 learns one
    /// pattern at a time, one pass over W each, and then two calls give exactly what one call on both gives.
    /// Real-valued patterns are always learned one at a time. At least 1.
    /// </summary>
    /// <value>The default value is 64.</value>
    public int BlockSize { get; set; } = 64;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (WeightParameter is not null && string.IsNullOrWhiteSpace(WeightParameter))
        {
            throw new ArgumentOutOfRangeException(nameof(StorkeyOptions), "WeightParameter must be null or a parameter name.");
        }
        if (BlockSize < 1) throw new ArgumentOutOfRangeException(nameof(StorkeyOptions), BlockSize, $"BlockSize ({BlockSize}) must be at least 1.");
    }

    internal StorkeyOptions Clone() => (StorkeyOptions)MemberwiseClone();
}
