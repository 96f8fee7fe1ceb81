using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis;

/// <summary>
/// A continual-learning study: tasks learned one after another by one trainer, each task scored after every task
/// learned, so forgetting (and the remedies: selective plasticity in the trainer's options, replay here) can be measured.
/// </summary>
public static class ContinualLearning
{
    /// <summary>
    /// Learns <paramref name="tasks"/> in order on a recurrent spiking network (each
    /// <see cref="ContinualLearningOptions.EpochsPerTask"/> times, with replay of the past tasks' patterns when
    /// <see cref="ContinualLearningOptions.ReplayCapacity"/> is above 0) and after each scores every task with
    /// <paramref name="score"/> (higher is better; it should read, not train).
    /// </summary>
    /// <param name="trainer">The trainer, on its network; it is trained in place.</param>
    /// <param name="tasks">The tasks' patterns (rows are patterns, one input current per neuron, or with input weights one activity per input channel); at least one, each <see cref="RecurrentSpikingNetwork.InputSize"/> wide.</param>
    /// <param name="score">The score of a task for the trainer as it stands, finite.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="progress">Receives a report after each task is learned: stage <c>"tasks"</c>, the tasks learned so far of all of them.</param>
    /// <param name="cancellationToken">Stops the study between or inside the <c>Train</c> calls (a stopped call is rolled back).</param>
    /// <exception cref="ArgumentException">No tasks, a task that is empty, not <see cref="RecurrentSpikingNetwork.InputSize"/> wide or not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The score function returned NaN or ∞ (named with the tasks).</exception>
    public static ContinualLearningResult Run(PlasticityTrainer trainer, IReadOnlyList<Matrix> tasks, Func<PlasticityTrainer, Matrix, double> score,
        ContinualLearningOptions? options = null, IProgress<AnalysisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        return Study(trainer, tasks, score, options, progress, trainer.Model.InputSize,
            trainer.Model.InputWeights is null ? "the network has {0} neurons" : "the network has {0} input channels", cancellationToken);
    }

    /// <summary>
    /// The same study with any trainer (a rate rule, STDP, a local rule, a trainer wrapped in selective plasticity, one of
    /// your own): tasks learned in order, every task scored after each. The tasks must all be as wide as the trainer's
    /// input; the first <c>Train</c> call checks that against the model, before anything is learned.
    /// </summary>
    /// <typeparam name="TTrainer">The trainer's type, as the score function sees it.</typeparam>
    /// <param name="trainer">The trainer, on its model; it is trained in place.</param>
    /// <param name="tasks">The tasks' rows (patterns or samples); at least one, all of one width.</param>
    /// <param name="score">The score of a task for the trainer as it stands, finite.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="progress">Receives a report after each task is learned: stage <c>"tasks"</c>, the tasks learned so far of all of them.</param>
    /// <param name="cancellationToken">Stops the study between or inside the <c>Train</c> calls (a stopped call is rolled back by the trainer).</param>
    /// <exception cref="ArgumentException">No tasks, a task that is empty or not finite, tasks of different widths, or (from the trainer) the wrong width for the model.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The score function returned NaN or ∞ (named with the tasks).</exception>
    public static ContinualLearningResult Run<TTrainer>(TTrainer trainer, IReadOnlyList<Matrix> tasks, Func<TTrainer, Matrix, double> score,
        ContinualLearningOptions? options = null, IProgress<AnalysisProgress>? progress = null, CancellationToken cancellationToken = default)
        where TTrainer : Trainer
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(tasks);
        // The width from the same copy the study checks and trains on, so a list changed in between cannot slip past.
        var copy = tasks.ToArray();
        int width = copy.Length > 0 && copy[0] is { } first ? first.Columns : 0;
        return Study(trainer, copy, score, options, progress, width, "task 0 has {0}", cancellationToken);
    }

    private static ContinualLearningResult Study<TTrainer>(TTrainer trainer, IReadOnlyList<Matrix> tasks, Func<TTrainer, Matrix, double> score,
        ContinualLearningOptions? options, IProgress<AnalysisProgress>? progress, int width, string widthSource, CancellationToken cancellationToken)
        where TTrainer : Trainer
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(score);
        // Copies: a score or progress callback that changes the options or the list cannot get past the checks.
        options = (options ?? new ContinualLearningOptions()).Clone();
        options.Validate();
        tasks = tasks.ToArray();
        if (tasks.Count == 0) throw new ArgumentException("There are no tasks.", nameof(tasks));
        for (int t = 0; t < tasks.Count; t++)
        {
            var task = tasks[t] ?? throw new ArgumentException($"Task {t} is null.", nameof(tasks));
            if (task.Rows == 0) throw new ArgumentException($"Task {t} has no patterns.", nameof(tasks));
            if (task.Columns != width)
            {
                throw new ArgumentException($"Task {t} has {task.Columns} columns but {string.Format(System.Globalization.CultureInfo.InvariantCulture, widthSource, width)}.", nameof(tasks));
            }
            Guard.ThrowIfNotFinite(task, $"task {t}");
        }
        int count = tasks.Count;
        var scores = new double[count * count];
        var replay = options.ReplayCapacity > 0 ? new ReplayBuffer(options.ReplayCapacity, options.Seed) : null;
        for (int i = 0; i < count; i++)
        {
            for (int epoch = 0; epoch < options.EpochsPerTask; epoch++)
            {
                var data = replay is { Count: > 0 } ? replay.Interleave(tasks[i], options.ReplayPerPattern) : tasks[i];
                if (options.BatchSize == 0 || options.BatchSize >= data.Rows)
                {
                    trainer.Train(data, cancellationToken);
                    continue;
                }
                // The next batch's first row in long: first + BatchSize may pass int.MaxValue after the last batch.
                for (long first = 0; first < data.Rows; first += options.BatchSize)
                {
                    trainer.Train(Batch(data, (int)first, (int)Math.Min(options.BatchSize, data.Rows - first)), cancellationToken);
                }
            }
            replay?.Add(tasks[i]);
            for (int j = 0; j < count; j++)
            {
                double s = score(trainer, tasks[j]);
                if (!double.IsFinite(s)) throw new InvalidOperationException($"The score of task {j} after learning task {i} is {s}; scores must be finite.");
                scores[i * count + j] = s;
            }
            progress?.Report(new AnalysisProgress("tasks", i + 1, count));
        }
        return new ContinualLearningResult(scores, count);
    }

    /// <summary>Rows first … first + count − 1 of <paramref name="data"/>, as a matrix of their own.</summary>
    private static Matrix Batch(Matrix data, int first, int count)
    {
        var batch = new Matrix(count, data.Columns);
        data.AsSpan().Slice(first * data.Columns, count * data.Columns).CopyTo(batch.AsSpan());
        return batch;
    }
}
