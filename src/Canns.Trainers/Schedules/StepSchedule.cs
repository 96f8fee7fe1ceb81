namespace Canns.Trainers;

/// <summary>A step decay: <c>η(t) = η₀ · γ^⌊t / stepSize⌋</c>.</summary>
public sealed class StepSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialRate"/> is negative or not finite,
    /// <paramref name="gamma"/> is not in [0, 1] (a decay; a rate that grows belongs in a <see cref="FunctionSchedule"/>),
    /// or <paramref name="stepSize"/> &lt; 1.</exception>
    public StepSchedule(float initialRate, long stepSize, float gamma)
    {
        Schedules.ThrowIfBadRate(initialRate, nameof(initialRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"gamma ({gamma}) must be in [0, 1]: a step decay never grows the rate.");
        InitialRate = initialRate;
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>η₀.</summary>
    public float InitialRate { get; }

    /// <summary>Steps between decays.</summary>
    public long StepSize { get; }

    /// <summary>The factor γ applied every <see cref="StepSize"/> steps.</summary>
    public float Gamma { get; }

    /// <summary>Returns <c>η₀ · γ^⌊t / stepSize⌋</c>.</summary>
    public float RateAt(long step) => (float)(InitialRate * Math.Pow(Gamma, Math.Max(step, 0) / StepSize));
}
