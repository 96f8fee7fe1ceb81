namespace Canns.Analysis.Reports.Svg;

/// <summary>One data series of a line chart.</summary>
/// <param name="Name">The legend label.</param>
/// <param name="Color">The stroke colour.</param>
/// <param name="Points">The (x, y) points, in drawing order.</param>
/// <param name="Band">Optional (lower, upper) per point, drawn as a translucent band behind the line.</param>
/// <param name="Markers">Whether to draw a dot at each point.</param>
/// <param name="Dash">An SVG dash pattern, or null for a solid line.</param>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points,
    IReadOnlyList<(double Lower, double Upper)>? Band = null, bool Markers = true, string? Dash = null);
