using Canns.Models;

namespace Canns.Analysis;

/// <summary>A capacity study laid out as a grid of (point, trial) cells.</summary>
/// <param name="Options">A copy of the validated options the plan was made from.</param>
/// <param name="Points">The grid's points.</param>
/// <param name="Cells">Every cell, point-major: cell <c>k</c> is trial <c>k mod T</c> of point <c>k div T</c>.</param>
/// <remarks>
/// Equality is by value: the lists are compared element by element, and the options as shard merging compares them: every
/// option but <see cref="CapacityStudyOptions.MaxDegreeOfParallelism"/> and
/// <see cref="CapacityStudyOptions.MemoryBudgetBytes"/>, which do not change the numbers.
/// </remarks>
public sealed record CapacityStudyPlan(CapacityStudyOptions Options, IReadOnlyList<CapacityPoint> Points, IReadOnlyList<CapacityCell> Cells)
{
    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(CapacityStudyPlan? other) =>
        ReferenceEquals(this, other) || (other is not null && CapacityStudyOptions.Same(Options, other.Options) &&
        SequenceEquality.Equal(Points, other.Points) && SequenceEquality.Equal(Cells, other.Cells));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(SequenceEquality.Hash(Points), SequenceEquality.Hash(Cells));
}
