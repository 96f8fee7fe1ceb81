namespace Canns.Analysis;

/// <summary>
/// What a sequence of tasks did to each of them: the score matrix and the usual summaries of continual learning
/// (Lopez-Paz and Ranzato 2017; Chaudhry et al. 2018). With T tasks and <c>R[i, j]</c> the score on task j after learning
/// tasks 0 … i: average score <c>(1/T) Σ_j R[T−1, j]</c>, backward transfer <c>(1/(T−1)) Σ_{j&lt;T−1} (R[T−1, j] − R[j, j])</c>
/// (negative: forgetting) and forgetting <c>(1/(T−1)) Σ_{j&lt;T−1} (max_{i&lt;T−1} R[i, j] − R[T−1, j])</c>.
/// </summary>
public sealed record ContinualLearningResult
{
    private readonly double[] _scores;

    /// <summary>Creates the result from R, row-major.</summary>
    /// <param name="scores">R, T × T, row-major: row i after task i, column j the task scored; finite.</param>
    /// <param name="tasks">T; at least 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scores"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tasks"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is not T² long, or holds NaN or ∞.</exception>
    public ContinualLearningResult(double[] scores, int tasks)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        if (scores.Length != (long)tasks * tasks) throw new ArgumentException($"{tasks} tasks need {(long)tasks * tasks} scores, not {scores.Length}.", nameof(scores));
        int bad = Array.FindIndex(scores, s => !double.IsFinite(s));
        if (bad >= 0) throw new ArgumentException($"Score {bad} (after task {bad / tasks}, task {bad % tasks}) is {scores[bad]}.", nameof(scores));
        _scores = (double[])scores.Clone();
        Tasks = tasks;
    }

    /// <summary>R, T × T, row-major (a copy).</summary>
    public double[] Scores => (double[])_scores.Clone();

    /// <summary>T.</summary>
    public int Tasks { get; }

    /// <summary>R[i, j]: the score on task j after learning tasks 0 … i.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A task index is outside [0, T).</exception>
    public double Score(int afterTask, int task)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterTask);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(afterTask, Tasks);
        ArgumentOutOfRangeException.ThrowIfNegative(task);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(task, Tasks);
        return _scores[afterTask * Tasks + task];
    }

    /// <summary>The mean score over all tasks after the last.</summary>
    public double AverageScore => Enumerable.Range(0, Tasks).Average(j => Score(Tasks - 1, j));

    /// <summary>The mean change of each earlier task's score from just after it was learned to the end; 0 for one task.</summary>
    public double BackwardTransfer => Tasks < 2 ? 0 : Enumerable.Range(0, Tasks - 1).Average(j => Score(Tasks - 1, j) - Score(j, j));

    /// <summary>The mean drop of each earlier task's score from its best before the last task to the end; 0 for one task.</summary>
    public double Forgetting => Tasks < 2 ? 0 : Enumerable.Range(0, Tasks - 1).Average(j => Enumerable.Range(0, Tasks - 1).Max(i => Score(i, j)) - Score(Tasks - 1, j));

    /// <summary>The matrix as CSV: a header <c>after_task,task_0,…</c>, then one row per task learned.</summary>
    public string ToCsv()
    {
        var lines = new List<string> { string.Join(",", ["after_task", .. Enumerable.Range(0, Tasks).Select(j => $"task_{j}")]) };
        for (int i = 0; i < Tasks; i++)
        {
            lines.Add(string.Join(",", [i.ToString(System.Globalization.CultureInfo.InvariantCulture), .. Enumerable.Range(0, Tasks).Select(j => Reports.Text.Data(Score(i, j)))]));
        }
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>Equal when T and every score are equal.</summary>
    public bool Equals(ContinualLearningResult? other) => other is not null && Tasks == other.Tasks && _scores.AsSpan().SequenceEqual(other._scores);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Tasks, _scores.Length == 0 ? 0 : _scores[^1]);
}
