namespace Canns.Analysis;

/// <summary>One theoretical capacity figure.</summary>
/// <param name="Name">A short name.</param>
/// <param name="Patterns">The number of patterns P it allows.</param>
/// <param name="Load">The same as a load <c>α = P/N</c>.</param>
/// <param name="Formula">The formula, e.g. <c>N/(2 ln N)</c>.</param>
/// <param name="Meaning">What recall quality it guarantees.</param>
/// <param name="Source">The paper it comes from.</param>
public sealed record CapacityFigure(string Name, double Patterns, double Load, string Formula, string Meaning, string Source);
