namespace Canns.Analysis.Reports.Svg;

/// <summary>
/// The common frame of every chart: a title (<c>class="chart-title"</c>), an x axis and a y axis
/// (<c>class="axis x-axis"</c>, <c>class="axis y-axis"</c>) with ticks, grid lines and labels, and a legend column on
/// the right. Charts draw their data through <see cref="X"/> and <see cref="Y"/>.
/// </summary>
internal sealed class ChartFrame
{
    private const double Left = 72, Top = 44, Bottom = 56, LegendWidth = 170;
    private readonly List<(string Label, string Color, bool Box, string? Dash, double Opacity)> _legend = [];
    private string? _text;

    /// <summary>Draws the frame for the data domain [x0, x1] × [y0, y1].</summary>
    public ChartFrame(string title, string xLabel, string yLabel, (double Min, double Max) x, (double Min, double Max) y,
        double width = 680, double height = 400, bool xTicksAtIntegers = false, IReadOnlyList<string>? xCategories = null)
    {
        Svg = new SvgWriter(width, height, title);
        PlotLeft = Left;
        PlotRight = width - LegendWidth;
        PlotTop = Top;
        PlotBottom = height - Bottom;
        X = new LinearScale(x.Min, x.Max, PlotLeft, PlotRight);
        Y = new LinearScale(y.Min, y.Max, PlotBottom, PlotTop);
        Svg.Rect(0, 0, width, height, "#ffffff");
        Svg.Text(width / 2, 24, title, "middle", 16, cssClass: "chart-title", weight: "bold");
        DrawXAxis(xLabel, xTicksAtIntegers || xCategories is not null, xCategories);
        DrawYAxis(yLabel);
    }

    /// <summary>The SVG being drawn.</summary>
    public SvgWriter Svg { get; }

    /// <summary>Data x to pixels.</summary>
    public LinearScale X { get; }

    /// <summary>Data y to pixels (upwards).</summary>
    public LinearScale Y { get; }

    /// <summary>The plot area's left edge in pixels.</summary>
    public double PlotLeft { get; }

    /// <summary>The plot area's right edge in pixels.</summary>
    public double PlotRight { get; }

    /// <summary>The plot area's top edge in pixels.</summary>
    public double PlotTop { get; }

    /// <summary>The plot area's bottom edge in pixels.</summary>
    public double PlotBottom { get; }

    /// <summary>Adds a legend entry: a swatch (a line, or a filled box) and a label.</summary>
    public void Legend(string label, string color, bool box = false, string? dash = null, double opacity = 1) =>
        _legend.Add((label, color, box, dash, opacity));

    /// <summary>Draws the legend, closes the chart and returns the SVG text.</summary>
    public override string ToString()
    {
        if (_text is not null) return _text;
        if (_legend.Count > 0)
        {
            Svg.BeginGroup("legend");
            for (int k = 0; k < _legend.Count; k++)
            {
                var (label, color, box, dash, opacity) = _legend[k];
                double x = PlotRight + 14, y = PlotTop + 8 + 20 * k;
                if (box) Svg.Rect(x, y - 6, 18, 12, color, opacity: opacity, cssClass: "legend-swatch");
                else Svg.Line(x, y, x + 18, y, color, 2.5, dash, "legend-swatch");
                Svg.Text(x + 24, y + 4, label, size: 11, cssClass: "legend-label");
            }
            Svg.EndGroup();
        }
        return _text = Svg.ToString();
    }

    private void DrawXAxis(string label, bool integers, IReadOnlyList<string>? categories)
    {
        var (ticks, decimals) = X.Ticks(integers ? Math.Min(8, (int)Math.Abs(X.D1 - X.D0) + 1) : 7);
        if (categories is not null) ticks = Enumerable.Range(0, categories.Count).Select(k => (double)k).ToList();
        if (integers)
        {
            ticks = ticks.Where(t => t == Math.Round(t)).ToList();
            decimals = 0;
        }
        Svg.BeginGroup("axis x-axis");
        Svg.Line(PlotLeft, PlotBottom, PlotRight, PlotBottom, "#333333");
        foreach (double t in ticks)
        {
            double px = X[t];
            Svg.Line(px, PlotTop, px, PlotBottom, "#e6e6e6", 1, cssClass: "grid");
            Svg.Line(px, PlotBottom, px, PlotBottom + 5, "#333333");
            string text = categories is null ? LinearScale.Label(t, decimals) : categories[(int)t];
            Svg.Text(px, PlotBottom + 18, text, "middle", 11, cssClass: "tick-label");
        }
        Svg.Text((PlotLeft + PlotRight) / 2, PlotBottom + 42, label, "middle", 13, cssClass: "axis-label");
        Svg.EndGroup();
    }

    private void DrawYAxis(string label)
    {
        var (ticks, decimals) = Y.Ticks(6);
        Svg.BeginGroup("axis y-axis");
        Svg.Line(PlotLeft, PlotTop, PlotLeft, PlotBottom, "#333333");
        foreach (double t in ticks)
        {
            double py = Y[t];
            Svg.Line(PlotLeft, py, PlotRight, py, "#e6e6e6", 1, cssClass: "grid");
            Svg.Line(PlotLeft - 5, py, PlotLeft, py, "#333333");
            Svg.Text(PlotLeft - 8, py + 4, LinearScale.Label(t, decimals), "end", 11, cssClass: "tick-label");
        }
        Svg.Text(18, (PlotTop + PlotBottom) / 2, label, "middle", 13, rotate: -90, cssClass: "axis-label");
        Svg.EndGroup();
    }
}
