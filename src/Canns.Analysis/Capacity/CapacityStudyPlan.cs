namespace Canns.Analysis;

/// <summary>A capacity study laid out as a grid of (point, trial) cells.</summary>
/// <param name="Options">A copy of the validated options the plan was made from.</param>
/// <param name="Points">The grid's points.</param>
/// <param name="Cells">Every cell, point-major: cell <c>k</c> is trial <c>k mod T</c> of point <c>k div T</c>.</param>
public sealed record CapacityStudyPlan(CapacityStudyOptions Options, IReadOnlyList<CapacityPoint> Points, IReadOnlyList<CapacityCell> Cells);
