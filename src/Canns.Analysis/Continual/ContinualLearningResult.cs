namespace Canns.Analysis;

/// <summary>
/// What a sequence of tasks did to each of them: the score matrix and the usual summaries of continual learning
/// (Lopez-Paz and Ranzato 2017; Chaudhry et al. 2018). With T tasks and <c>R[i, j]</c> the score on task j after learning
/// tasks 0 … i: average score <c>(1/T) Σ_j R[T−1, j]</c>, backward transfer <c>(1/(T−1)) Σ_{j&lt;T−1} (R[T−1, j] − R[j, j])</c>
/// (negative: forgetting) and forgetting <c>(1/(T−1)) Σ_{j&lt;T−1} (max_{i&lt;T−1} R[i, j] − R[T−1, j])</c>.
/// </summary>
/// <param name="Scores">R, T × T, row-major: row i after task i, column j the task scored.</param>
/// <param name="Tasks">T.</param>
public sealed record ContinualLearningResult(double[] Scores, int Tasks)
{
    /// <summary>R[i, j]: the score on task j after learning tasks 0 … i.</summary>
    public double Score(int afterTask, int task) => Scores[afterTask * Tasks + task];

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
}
