using Canns.Trainers;

namespace Canns.Analysis;

/// <summary>
/// A metric of your own, computed by a <see cref="TrainingRun"/> after every chunk (after its own evaluation) and written
/// as a column of <c>metrics.csv</c>; <see cref="TrainingRunOptions.BestBy"/> can pick the best checkpoint by it.
/// </summary>
/// <remarks>
/// The function sees the trainer just after the chunk. It should read, not train (use <see cref="PlasticityTrainer.Predict"/>,
/// which restores the state, or <see cref="PlasticityTrainer.Snapshot"/>), and be deterministic: a resumed run calls it
/// for the chunks after its checkpoint only, and its values must be those the uninterrupted run would have written.
/// </remarks>
public sealed class TrainingRunMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The column's name: a letter, then letters, digits or underscores; not one of the run's own columns.</param>
    /// <param name="evaluate">Returns the metric's value for the trainer after a chunk; it must be finite.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The name is not a valid column name, or is one of the run's own.</exception>
    public TrainingRunMetric(string name, Func<PlasticityTrainer, double> evaluate)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(evaluate);
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"The metric name '{name}' must start with a letter and hold only letters, digits and underscores.", nameof(name));
        }
        if (TrainingRun.ReservedColumns.Contains(name))
        {
            throw new ArgumentException($"The metric name '{name}' is one of the run's own columns ({string.Join(", ", TrainingRun.ReservedColumns)}).", nameof(name));
        }
        Name = name;
        Evaluate = evaluate;
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>The function that computes the value.</summary>
    public Func<PlasticityTrainer, double> Evaluate { get; }
}
