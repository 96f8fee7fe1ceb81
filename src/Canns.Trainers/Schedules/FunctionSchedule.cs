namespace Canns.Trainers;

/// <summary>A learning-rate schedule given by a function of the step: <c>η_t = f(t)</c>.</summary>
public sealed class FunctionSchedule : ILearningRateSchedule
{
    private readonly Func<long, float> _rate;

    /// <summary>Creates the schedule <c>η_t = <paramref name="rate"/>(t)</c>; trainers reject a negative or non-finite value when they meet it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rate"/> is null.</exception>
    public FunctionSchedule(Func<long, float> rate)
    {
        ArgumentNullException.ThrowIfNull(rate);
        _rate = rate;
    }

    /// <inheritdoc />
    public float RateAt(long step) => _rate(step);
}
