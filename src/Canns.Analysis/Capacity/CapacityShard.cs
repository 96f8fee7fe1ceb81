using Canns.Models;

namespace Canns.Analysis;

/// <summary>
/// The results of one shard of a capacity study: enough, with the other shards, to rebuild the whole study's result
/// (<see cref="CapacityStudy.Merge"/>). Saved and loaded with <see cref="Reports.CapacityShardFile"/>.
/// </summary>
/// <param name="Shard">Which shard of how many.</param>
/// <param name="Options">The study's options (a copy); every shard of one study has equal options.</param>
/// <param name="Results">The shard's cell results, in plan order.</param>
/// <remarks>
/// Equality is by value: the results are compared element by element, and the options as shard merging compares them: every
/// option but <see cref="CapacityStudyOptions.MaxDegreeOfParallelism"/> and
/// <see cref="CapacityStudyOptions.MemoryBudgetBytes"/>, which do not change the numbers.
/// </remarks>
public sealed record CapacityShard(ShardId Shard, CapacityStudyOptions Options, IReadOnlyList<CapacityTrialResult> Results)
{
    /// <summary>
    /// The build that ran the shard: by default this build (<see cref="Reports.ReportOutput.Producer"/>); when read
    /// from a file, the file's <c>producer</c>, or null when it has none (written before the field existed).
    /// <see cref="CapacityStudy.Merge"/> refuses shards of different producers.
    /// </summary>
    public string? Producer { get; init; } = Reports.ReportOutput.Producer;

    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(CapacityShard? other) =>
        ReferenceEquals(this, other) || (other is not null && Shard == other.Shard && Producer == other.Producer &&
        CapacityStudyOptions.Same(Options, other.Options) && SequenceEquality.Equal(Results, other.Results));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Shard, Producer, SequenceEquality.Hash(Results));
}
