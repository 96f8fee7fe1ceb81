using Canns.Models;

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
/// <remarks>
/// Equality is by value: the lists are compared element by element (doubles by <c>Equals</c>, so NaN equals NaN), and
/// the options (a copy of a mutable class) option by option.
/// </remarks>
public sealed record EnergyShard(ShardId Shard, EnergyAnalysisOptions Options, IReadOnlyList<BasinCellResult> Basins, IReadOnlyList<CensusStartResult> Census)
{
    /// <summary>
    /// The build that ran the shard: by default this build (<see cref="Reports.ReportOutput.Producer"/>); when read
    /// from a file, the file's <c>producer</c>, or null when it has none (written before the field existed).
    /// <see cref="EnergyAnalysis.Merge"/> refuses shards of different producers.
    /// </summary>
    public string? Producer { get; init; } = Reports.ReportOutput.Producer;

    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(EnergyShard? other) =>
        ReferenceEquals(this, other) || (other is not null && Shard == other.Shard && Producer == other.Producer &&
        EnergyAnalysisOptions.Same(Options, other.Options) && SequenceEquality.Equal(Basins, other.Basins) &&
        SequenceEquality.Equal(Census, other.Census));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Shard, Producer, SequenceEquality.Hash(Basins), SequenceEquality.Hash(Census));
}
