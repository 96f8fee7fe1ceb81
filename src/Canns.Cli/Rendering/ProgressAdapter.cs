using Canns.Analysis;
using Canns.Trainers;

namespace Canns.Cli.Rendering;

/// <summary>Feeds analysis progress (<see cref="AnalysisProgress"/>) to the console renderer, which draws <see cref="TrainingProgress"/>.</summary>
internal sealed class ProgressAdapter(IProgress<TrainingProgress> inner) : IProgress<AnalysisProgress>
{
    private readonly object _gate = new();

    /// <summary>An adapter over <paramref name="inner"/>, or null when there is nothing to render to.</summary>
    public static IProgress<AnalysisProgress>? From(IProgress<TrainingProgress>? inner) => inner is null ? null : new ProgressAdapter(inner);

    /// <inheritdoc />
    public void Report(AnalysisProgress value)
    {
        // Reports come from worker threads; the renderer is not thread-safe.
        lock (_gate) inner.Report(new TrainingProgress(TrainingPhase.PredictingBatch, value.Completed, value.Total));
    }
}
