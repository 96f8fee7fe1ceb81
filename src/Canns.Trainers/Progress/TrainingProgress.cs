namespace Canns.Trainers;

/// <summary>What a trainer is doing when it reports progress.</summary>
public enum TrainingPhase
{
    /// <summary>Learning from training data; Item counts patterns, samples or time steps.</summary>
    Training,

    /// <summary>One probe's dynamics; Iteration counts steps and Energy is the state's energy.</summary>
    Predicting,

    /// <summary>A batch of probes; Item counts finished probes.</summary>
    PredictingBatch,
}

/// <summary>One progress report: what the trainer is doing and how far along it is.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Item">Items done so far.</param>
/// <param name="Total">Items in all.</param>
/// <param name="Iteration">The iteration of the dynamics (0 where none applies).</param>
/// <param name="Energy">The current energy, where known.</param>
public sealed record TrainingProgress(TrainingPhase Phase, long Item, long Total, int Iteration = 0, double? Energy = null);
