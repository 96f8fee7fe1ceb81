namespace Canns.Analysis.Reports.Svg;

/// <summary>A square matrix as a heatmap on a diverging colour scale centred at 0, with a colour bar.</summary>
internal static class HeatmapChart
{
    /// <summary>Renders the size × size row-major <paramref name="values"/>, row 0 at the top, coloured by value / <paramref name="maxAbs"/>.</summary>
    public static string Render(string title, string xLabel, string yLabel, int size, IReadOnlyList<double> values, double maxAbs, string colorLabel)
    {
        var frame = new ChartFrame(title, xLabel, yLabel, (0, size), (size, 0), width: 680, height: 560, xTicksAtIntegers: true);
        var svg = frame.Svg;
        double scale = maxAbs > 0 ? maxAbs : 1;
        double cw = (frame.PlotRight - frame.PlotLeft) / size, ch = (frame.PlotBottom - frame.PlotTop) / size;
        svg.BeginGroup("data", "translate(0 0)");
        for (int i = 0; i < size; i++)
        {
            // Runs of equal colour become one rectangle: far fewer elements, identical picture.
            int j = 0;
            while (j < size)
            {
                string color = Palette.Diverging(values[i * size + j] / scale);
                int end = j + 1;
                while (end < size && Palette.Diverging(values[i * size + end] / scale) == color) end++;
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
