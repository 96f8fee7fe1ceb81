namespace Canns.Trainers;

/// <summary>
/// The learning rate η as a function of the training step (a sample for rate rules, a time step for STDP), counted
/// from 0 across <c>Train</c> calls until the trainer is reset. Shared by every trainer that takes a schedule.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate at <paramref name="step"/> (≥ 0); trainers reject a negative or non-finite answer.</summary>
    float RateAt(long step);
}
