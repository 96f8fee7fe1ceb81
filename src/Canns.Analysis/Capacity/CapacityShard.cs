namespace Canns.Analysis;

/// <summary>
/// The results of one shard of a capacity study: enough, with the other shards, to rebuild the whole study's result
/// (<see cref="CapacityStudy.Merge"/>). Saved and loaded with <see cref="Reports.CapacityShardFile"/>.
/// </summary>
/// <param name="Shard">Which shard of how many.</param>
/// <param name="Options">The study's options (a copy); every shard of one study has equal options.</param>
/// <param name="Results">The shard's cell results, in plan order.</param>
public sealed record CapacityShard(ShardId Shard, CapacityStudyOptions Options, IReadOnlyList<CapacityTrialResult> Results)
{
    /// <summary>
    /// The build that ran the shard: by default this build (<see cref="Reports.ReportOutput.Producer"/>); when read
    /// from a file, the file's <c>producer</c>, or null when it has none (written before the field existed).
    /// <see cref="CapacityStudy.Merge"/> refuses shards of different producers.
    /// </summary>
    public string? Producer { get; init; } = Reports.ReportOutput.Producer;
}
