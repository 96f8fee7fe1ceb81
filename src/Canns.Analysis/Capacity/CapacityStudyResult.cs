namespace Canns.Analysis;

/// <summary>The outcome of a capacity study.</summary>
/// <param name="Plan">The plan it ran.</param>
/// <param name="Points">One summary per point, in plan order.</param>
/// <param name="Trials">Every cell's result, in plan order (point-major, then trial).</param>
public sealed record CapacityStudyResult(CapacityStudyPlan Plan, IReadOnlyList<CapacityPointSummary> Points, IReadOnlyList<CapacityTrialResult> Trials)
{
    /// <summary>The theoretical capacity figures for each N in the study.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<CapacityFigure>> Theory =>
        Plan.Options.Neurons.Distinct().ToDictionary(n => n, TheoreticalCapacity.For);
}
