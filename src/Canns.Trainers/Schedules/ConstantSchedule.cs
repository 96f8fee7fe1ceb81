namespace Canns.Trainers;

/// <summary>A constant learning rate: <c>η(t) = η₀</c>.</summary>
public sealed class ConstantSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is negative or not finite.</exception>
    public ConstantSchedule(float rate)
    {
        Schedules.ThrowIfBadRate(rate, nameof(rate));
        Rate = rate;
    }

    /// <summary>η₀.</summary>
    public float Rate { get; }

    /// <summary>Returns <c>η₀</c>.</summary>
    public float RateAt(long step) => Rate;
}
