namespace Canns.Analysis.Reports.Svg;

/// <summary>A bar chart of values at integer or categorical positions 0, 1, 2, …</summary>
internal static class BarChart
{
    /// <summary>Renders one bar per value; <paramref name="categories"/> (optional) label the bars on the x axis instead of their indices.</summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<double> values, string color,
        (double Min, double Max)? yRange = null, IReadOnlyList<string>? categories = null, string? legend = null)
    {
        double top = values.DefaultIfEmpty(0).Max();
        var frame = new ChartFrame(title, xLabel, yLabel, (-0.5, values.Count - 0.5), yRange ?? (0, top > 0 ? top * 1.1 : 1),
            xTicksAtIntegers: true, xCategories: categories);
        var svg = frame.Svg;
        double width = (frame.X[1] - frame.X[0]) * 0.7;
        svg.BeginGroup("data");
        for (int k = 0; k < values.Count; k++)
        {
            string name = categories?[k] ?? k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            svg.Rect(frame.X[k] - width / 2, frame.Y[values[k]], width, frame.Y[0] - frame.Y[values[k]], color, tooltip: FormattableString.Invariant($"{name}: {values[k]:G4}"));
        }
        svg.EndGroup();
        if (legend is not null) frame.Legend(legend, color, box: true);
        return frame.ToString();
    }
}
