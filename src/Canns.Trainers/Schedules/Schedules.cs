namespace Canns.Trainers;

/// <summary>Checks shared by the schedules and the trainers that query them.</summary>
internal static class Schedules
{
    public static void ThrowIfBadRate(float rate, string paramName)
    {
        if (!float.IsFinite(rate) || rate < 0) throw new ArgumentOutOfRangeException(paramName, rate, $"{paramName} ({rate}) must be finite and ≥ 0.");
    }

    /// <summary>The schedule's rate at <paramref name="step"/>, checked: a bad rate names the step.</summary>
    public static float Checked(ILearningRateSchedule schedule, long step)
    {
        float rate = schedule.RateAt(step);
        if (!float.IsFinite(rate) || rate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(schedule), rate, $"The learning-rate schedule returned {rate} at step {step}; rates must be finite and ≥ 0.");
        }
        return rate;
    }
}
