namespace Canns.Analysis;

/// <summary>
/// The results of one shard of a capacity study: enough, with the other shards, to rebuild the whole study's result
/// (<see cref="CapacityStudy.Merge"/>). Saved and loaded with <see cref="Reports.CapacityShardFile"/>.
/// </summary>
/// <param name="Shard">Which shard of how many.</param>
/// <param name="Options">The study's options (a copy); every shard of one study has equal options.</param>
/// <param name="Results">The shard's cell results, in plan order.</param>
public sealed record CapacityShard(ShardId Shard, CapacityStudyOptions Options, IReadOnlyList<CapacityTrialResult> Results);
