using Canns.Analysis;
using Canns.Trainers;

namespace Canns.Cli.Rendering;

/// <summary>Feeds analysis progress (<see cref="AnalysisProgress"/>) to the console renderer, which draws <see cref="TrainingProgress"/>.</summary>
internal sealed class ProgressAdapter(IProgress<TrainingProgress> inner) : IProgress<AnalysisProgress>
{
    private readonly object _gate = new();
    private AnalysisProgress? _last;

    /// <summary>An adapter over <paramref name="inner"/>, or null when there is nothing to render to.</summary>
    public static IProgress<AnalysisProgress>? From(IProgress<TrainingProgress>? inner) => inner is null ? null : new ProgressAdapter(inner);

    /// <inheritdoc />
    public void Report(AnalysisProgress value)
    {
        // Reports come from worker threads; the renderer is not thread-safe. Their counts may come out of order
        // (AnalysisProgress says so): one behind the latest of its stage would move the bar back, and as the last report
        // of a stage it would be left on the screen, so it is dropped.
        lock (_gate)
        {
            if (_last is { } last && last.Stage == value.Stage && last.Total == value.Total && value.Completed <= last.Completed) return;
            _last = value;
            inner.Report(new TrainingProgress(TrainingPhase.PredictingBatch, value.Completed, value.Total));
        }
    }
}
