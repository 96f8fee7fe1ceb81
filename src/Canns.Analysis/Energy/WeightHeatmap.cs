namespace Canns.Analysis;

/// <summary>The top-left block of W shown as a heatmap.</summary>
/// <param name="Size">The block's side, <c>min(N, HeatmapSize)</c>.</param>
/// <param name="Values">The block's entries <c>W_ij</c>, row-major, i, j &lt; Size.</param>
/// <param name="MaxAbs"><c>max |W_ij|</c> over the block, the colour scale's half-range.</param>
public sealed record WeightHeatmap(int Size, IReadOnlyList<double> Values, double MaxAbs);
