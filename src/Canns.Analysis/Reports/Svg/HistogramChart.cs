namespace Canns.Analysis.Reports.Svg;

/// <summary>Overlaid histograms of several groups of values on shared bins, as translucent bars.</summary>
internal static class HistogramChart
{
    /// <summary>
    /// Renders the groups over <paramref name="bins"/> equal bins spanning all values; each bar's tooltip gives its bin,
    /// <c>[a, b)</c>, or <c>[a, b]</c> for the last, which also holds the maximum.
    /// </summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<(string Name, string Color, IReadOnlyList<double> Values)> groups, int bins = 40)
    {
        var all = groups.SelectMany(g => g.Values).DefaultIfEmpty(0).ToArray();
        double min = all.Min(), max = all.Max();
        if (min == max) (min, max) = (min - 0.5, max + 0.5);
        var histograms = groups.Select(g => Histogram.Of(g.Values, min, max, bins)).ToArray();
        long top = histograms.SelectMany(h => h.Counts).DefaultIfEmpty(1).Max();
        var frame = new ChartFrame(title, xLabel, yLabel, (min, max), (0, Math.Max(1, top) * 1.05));
        var svg = frame.Svg;
        double width = (max - min) / bins;
        svg.BeginGroup("data");
        for (int g = 0; g < groups.Count; g++)
        {
            var (name, color, _) = groups[g];
            for (int k = 0; k < bins; k++)
            {
                long count = histograms[g].Counts[k];
                if (count == 0) continue;
                double x0 = frame.X[min + k * width], x1 = frame.X[min + (k + 1) * width];
                svg.Rect(x0, frame.Y[count], x1 - x0, frame.Y[0] - frame.Y[count], color, color, 0.45,
                    FormattableString.Invariant($"{name}: {count} in [{min + k * width:G5}, {min + (k + 1) * width:G5}{(k == bins - 1 ? ']' : ')')}"));
            }
            frame.Legend(FormattableString.Invariant($"{name} (n = {groups[g].Values.Count})"), color, box: true, opacity: 0.45);
        }
        svg.EndGroup();
        return frame.ToString();
    }
}
