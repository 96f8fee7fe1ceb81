using Canns.Models;

namespace Canns.Analysis;

/// <summary>What a <see cref="TrainingRun"/> did and where it put its files.</summary>
/// <param name="Metrics">Every chunk's metrics from the start of the run (a resumed run includes the chunks before it resumed).</param>
/// <param name="BestChunk">The chunk with the lowest loss (the first of equals).</param>
/// <param name="BestLoss">Its loss.</param>
/// <param name="ResumedFromChunk">The chunk the latest checkpoint held when the run started (0 for a fresh run).</param>
/// <param name="MetricsFile">The metrics CSV.</param>
/// <param name="LatestCheckpoint">The latest checkpoint's folder.</param>
/// <param name="BestCheckpoint">The best checkpoint's folder.</param>
/// <param name="Report">The HTML report.</param>
/// <remarks>
/// Equality is by value: the metrics are compared chunk by chunk (<see cref="ChunkMetrics"/> equality), the paths
/// ordinally.
/// </remarks>
public sealed record TrainingRunResult(
    IReadOnlyList<ChunkMetrics> Metrics, int BestChunk, double BestLoss, int ResumedFromChunk, string MetricsFile, string LatestCheckpoint, string BestCheckpoint,
    string Report)
{
    /// <summary>The untrained network's evaluation (chunk 0, also in <c>initial_state/metrics.json</c>); null for a resumed run.</summary>
    public ChunkMetrics? Initial { get; init; }

    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(TrainingRunResult? other) =>
        ReferenceEquals(this, other) || (other is not null && BestChunk == other.BestChunk && BestLoss.Equals(other.BestLoss) &&
        ResumedFromChunk == other.ResumedFromChunk && MetricsFile == other.MetricsFile && LatestCheckpoint == other.LatestCheckpoint &&
        BestCheckpoint == other.BestCheckpoint && Report == other.Report && Equals(Initial, other.Initial) &&
        SequenceEquality.Equal(Metrics, other.Metrics));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(BestChunk, BestLoss, ResumedFromChunk, MetricsFile, Report, Initial, SequenceEquality.Hash(Metrics));
}
