namespace Canns.Analysis;

/// <summary>
/// The results of one shard of an energy analysis: its basin cells and census starts, enough, with the other shards,
/// to rebuild the whole analysis's result (<see cref="EnergyAnalysis.Merge"/>). Saved and loaded with
/// <see cref="Reports.EnergyShardFile"/>.
/// </summary>
/// <param name="Shard">Which shard of how many.</param>
/// <param name="Options">The analysis's options (a copy); every shard of one analysis has equal options.</param>
/// <param name="Basins">The shard's basin cells, by pattern, then flip fraction.</param>
/// <param name="Census">The shard's census starts, ascending.</param>
public sealed record EnergyShard(ShardId Shard, EnergyAnalysisOptions Options, IReadOnlyList<BasinCellResult> Basins, IReadOnlyList<CensusStartResult> Census)
{
    /// <summary>
    /// The build that ran the shard: by default this build (<see cref="Reports.ReportOutput.Producer"/>); when read
    /// from a file, the file's <c>producer</c>, or null when it has none (written before the field existed).
    /// <see cref="EnergyAnalysis.Merge"/> refuses shards of different producers.
    /// </summary>
    public string? Producer { get; init; } = Reports.ReportOutput.Producer;
}
