namespace Canns.Analysis;

/// <summary>Options of a <see cref="ContinualLearning"/> study.</summary>
public sealed class ContinualLearningOptions
{
    /// <summary><c>Train</c> calls on each task before the next; at least 1.</summary>
    /// <value>The default value is 1.</value>
    public int EpochsPerTask { get; set; } = 1;

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
        if (ReplayCapacity < 0) errors.Add($"ReplayCapacity ({ReplayCapacity}) must be at least 0 (0: no replay).");
        if (ReplayPerPattern < 1) errors.Add($"ReplayPerPattern ({ReplayPerPattern}) must be at least 1.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(ContinualLearningOptions), string.Join(" ", errors));
    }
}
