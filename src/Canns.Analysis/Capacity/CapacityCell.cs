namespace Canns.Analysis;

/// <summary>
/// One unit of work of a capacity study: one trial at one point. Its seed depends only on the master seed, the
/// point's parameters (N, P, noise, rule, update mode) and the trial number, so cells can run in any order, on any
/// machine, in any subset, and still give the same numbers.
/// </summary>
/// <param name="PointIndex">The point's index in the plan.</param>
/// <param name="Trial">The trial number, 0-based.</param>
/// <param name="Seed">The cell's seed.</param>
public sealed record CapacityCell(int PointIndex, int Trial, int Seed);
