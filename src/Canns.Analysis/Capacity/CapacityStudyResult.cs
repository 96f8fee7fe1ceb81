using Canns.Models;

namespace Canns.Analysis;

/// <summary>The outcome of a capacity study.</summary>
/// <param name="Plan">The plan it ran.</param>
/// <param name="Points">One summary per point, in plan order.</param>
/// <param name="Trials">Every cell's result, in plan order (point-major, then trial).</param>
/// <remarks>
/// Equality is by value: the plans are compared as <see cref="CapacityStudyPlan"/> does, the lists element by element.
/// </remarks>
public sealed record CapacityStudyResult(CapacityStudyPlan Plan, IReadOnlyList<CapacityPointSummary> Points, IReadOnlyList<CapacityTrialResult> Trials)
{
    /// <summary>The theoretical capacity figures for each N in the study.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<CapacityFigure>> Theory =>
        Plan.Options.Neurons.Distinct().ToDictionary(n => n, TheoreticalCapacity.For);

    /// <summary>True when <paramref name="other"/> is equal by value (see the remarks).</summary>
    public bool Equals(CapacityStudyResult? other) =>
        ReferenceEquals(this, other) || (other is not null && Equals(Plan, other.Plan) && SequenceEquality.Equal(Points, other.Points) &&
        SequenceEquality.Equal(Trials, other.Trials));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Plan, SequenceEquality.Hash(Points), SequenceEquality.Hash(Trials));
}
