namespace Canns.Analysis;

/// <summary>One progress report of a study: which stage it is in and how many of its work items are done.</summary>
/// <param name="Stage">What is being computed, e.g. <c>"capacity"</c>, <c>"basins"</c>.</param>
/// <param name="Completed">Work items of this stage done so far (cells of a capacity study, probes of a stage).</param>
/// <param name="Total">Work items in this stage.</param>
/// <remarks>Reports may arrive from several threads at once; <see cref="Completed"/> is not guaranteed to arrive in order.</remarks>
public sealed record AnalysisProgress(string Stage, long Completed, long Total);
