namespace Canns.Analysis;

/// <summary>Options of a <see cref="ContinualLearning"/> study.</summary>
public sealed class ContinualLearningOptions
{
    /// <summary>Passes over each task before the next; at least 1.</summary>
    /// <value>The default value is 1.</value>
    public int EpochsPerTask { get; set; } = 1;

    /// <summary>
    /// Rows per <c>Train</c> call: each pass over a task (with its replayed patterns) is cut into consecutive batches of
    /// this many rows, the last one shorter, so a trainer that steps once a call (a
    /// <see cref="Canns.Trainers.SelectiveTrainer{TModel, TPrediction}"/>, say) steps batch by batch. 0 for one call a pass.
    /// </summary>
    /// <value>The default value is 0: one call over the whole task. At least 0.</value>
    public int BatchSize { get; set; }

    /// <summary>
    /// The capacity of a replay buffer (reservoir sampling) that keeps patterns of the past tasks and interleaves them with
    /// each new task's (<see cref="Canns.Trainers.ReplayBuffer"/>); 0 for no replay; at least 0.
    /// </summary>
    /// <value>The default value is 0.</value>
    public int ReplayCapacity { get; set; }

    /// <summary>Replayed patterns after each new one, when replaying; at least 1.</summary>
    /// <value>The default value is 1.</value>
    public int ReplayPerPattern { get; set; } = 1;

    /// <summary>The replay buffer's seed.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    internal ContinualLearningOptions Clone() => (ContinualLearningOptions)MemberwiseClone();

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (EpochsPerTask < 1) errors.Add($"EpochsPerTask ({EpochsPerTask}) must be at least 1.");
        if (BatchSize < 0) errors.Add($"BatchSize ({BatchSize}) must be at least 0 (0: one call a pass).");
        if (ReplayCapacity < 0) errors.Add($"ReplayCapacity ({ReplayCapacity}) must be at least 0 (0: no replay).");
        if (ReplayPerPattern < 1) errors.Add($"ReplayPerPattern ({ReplayPerPattern}) must be at least 1.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(ContinualLearningOptions), string.Join(" ", errors));
    }
}
