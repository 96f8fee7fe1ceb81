namespace Canns.Analysis.Reports.Svg;

/// <summary>A matrix as a heatmap on a diverging colour scale centred at 0, with a colour bar.</summary>
internal static class HeatmapChart
{
    /// <summary>
    /// Renders the rows × columns row-major <paramref name="values"/>, row 0 at the top, column 0 at the left, coloured
    /// by value / <paramref name="maxAbs"/>.
    /// </summary>
    public static string Render(string title, string xLabel, string yLabel, int rows, int columns, IReadOnlyList<double> values, double maxAbs, string colorLabel)
    {
        var frame = new ChartFrame(title, xLabel, yLabel, (0, columns), (rows, 0), width: 680, height: 560, xTicksAtIntegers: true);
        var svg = frame.Svg;
        double scale = maxAbs > 0 ? maxAbs : 1;
        double cw = (frame.PlotRight - frame.PlotLeft) / columns, ch = (frame.PlotBottom - frame.PlotTop) / rows;
        svg.BeginGroup("data", "translate(0 0)");
        for (int i = 0; i < rows; i++)
        {
            // Runs of equal colour become one rectangle: far fewer elements, identical picture.
            int j = 0;
            while (j < columns)
            {
                string color = Palette.Diverging(values[i * columns + j] / scale);
                int end = j + 1;
                while (end < columns && Palette.Diverging(values[i * columns + end] / scale) == color) end++;
                svg.Rect(frame.PlotLeft + j * cw, frame.PlotTop + i * ch, (end - j) * cw + 0.3, ch + 0.3, color);
                j = end;
            }
        }
        svg.EndGroup();
        svg.BeginGroup("colorbar");
        double x = frame.PlotRight + 24, y0 = frame.PlotTop, y1 = frame.PlotBottom, steps = 40;
        for (int k = 0; k < steps; k++)
        {
            double t = 1 - 2 * (k + 0.5) / steps;
            svg.Rect(x, y0 + (y1 - y0) * k / steps, 18, (y1 - y0) / steps + 0.3, Palette.Diverging(t));
        }
        svg.Text(x + 24, y0 + 8, FormattableString.Invariant($"+{maxAbs:G3}"), size: 11);
        svg.Text(x + 24, (y0 + y1) / 2 + 4, "0", size: 11);
        svg.Text(x + 24, y1, FormattableString.Invariant($"−{maxAbs:G3}"), size: 11);
        svg.Text(x + 9, y1 + 22, colorLabel, "middle", 11);
        svg.EndGroup();
        return frame.ToString();
    }
}
