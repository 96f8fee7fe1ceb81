namespace Canns.Analysis;

/// <summary>
/// The top-left block of W shown as a heatmap: of an N × N W, or of a dense memory's P × N memory matrix (its stored
/// memories' rows only).
/// </summary>
/// <param name="Rows">The block's rows, <c>min(N, HeatmapSize)</c>, or <c>min(P, HeatmapSize)</c> for a dense memory.</param>
/// <param name="Columns">The block's columns, <c>min(N, HeatmapSize)</c>.</param>
/// <param name="Values">The block's entries <c>W_ij</c>, row-major, i &lt; Rows, j &lt; Columns.</param>
/// <param name="MaxAbs"><c>max |W_ij|</c> over the block, the colour scale's half-range.</param>
public sealed record WeightHeatmap(int Rows, int Columns, IReadOnlyList<double> Values, double MaxAbs);
