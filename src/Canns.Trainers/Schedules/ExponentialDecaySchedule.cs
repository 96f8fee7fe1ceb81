namespace Canns.Trainers;

/// <summary>An exponential decay: <c>η(t) = η₀ · γ^t</c>, floored at a minimum rate.</summary>
public sealed class ExponentialDecaySchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is negative or not finite, <paramref name="decay"/> is not in (0, 1], or
    /// <paramref name="minimumRate"/> is above <paramref name="initialRate"/> (the floor would make a constant rate above η₀, not a decay).</exception>
    public ExponentialDecaySchedule(float initialRate, double decay, float minimumRate = 0f)
    {
        Schedules.ThrowIfBadRate(initialRate, nameof(initialRate));
        Schedules.ThrowIfBadRate(minimumRate, nameof(minimumRate));
        if (!(decay > 0 && decay <= 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, $"decay ({decay}) must be in (0, 1].");
        if (minimumRate > initialRate)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumRate), minimumRate,
                $"minimumRate ({minimumRate}) must be ≤ initialRate ({initialRate}): an exponential decay never grows the rate (a constant rate is a ConstantSchedule).");
        }
        InitialRate = initialRate;
        Decay = decay;
        MinimumRate = minimumRate;
    }

    /// <summary>η₀.</summary>
    public float InitialRate { get; }

    /// <summary>The factor γ per step.</summary>
    public double Decay { get; }

    /// <summary>The floor of the rate.</summary>
    public float MinimumRate { get; }

    /// <summary>Returns <c>max(η₀ · γ^t, η_min)</c>.</summary>
    public float RateAt(long step) => MathF.Max((float)(InitialRate * Math.Pow(Decay, Math.Max(step, 0))), MinimumRate);
}
