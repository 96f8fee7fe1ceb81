namespace Canns.Analysis.Reports.Svg;

/// <summary>A line chart: series with optional spread bands and vertical reference markers.</summary>
internal static class LineChart
{
    /// <summary>Renders the chart; the domain covers every point, band and marker unless <paramref name="yRange"/> fixes y.</summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series,
        IReadOnlyList<(double X, string Label)>? markers = null, (double Min, double Max)? yRange = null, bool legend = true, bool xIntegers = false)
    {
        markers ??= [];
        var xs = series.SelectMany(s => s.Points.Select(p => p.X)).Concat(markers.Select(m => m.X)).DefaultIfEmpty(0).ToArray();
        var ys = series.SelectMany(s => s.Points.Select(p => p.Y).Concat(s.Band?.SelectMany(b => new[] { b.Lower, b.Upper }) ?? [])).DefaultIfEmpty(0).ToArray();
        var y = yRange ?? Pad(ys.Min(), ys.Max());
        var frame = new ChartFrame(title, xLabel, yLabel, (xs.Min(), xs.Max()), y, xTicksAtIntegers: xIntegers);
        var svg = frame.Svg;
        svg.BeginGroup("data");
        foreach (var s in series.Where(s => s.Band is not null))
        {
            var upper = s.Points.Select((p, i) => (frame.X[p.X], frame.Y[Math.Clamp(s.Band![i].Upper, y.Min, y.Max)]));
            var lower = s.Points.Select((p, i) => (frame.X[p.X], frame.Y[Math.Clamp(s.Band![i].Lower, y.Min, y.Max)])).Reverse();
            svg.Polygon(upper.Concat(lower), s.Color, 0.18, "band");
        }
        foreach (var s in series)
        {
            svg.Polyline(s.Points.Select(p => (frame.X[p.X], frame.Y[p.Y])), s.Color, 2, s.Dash, "series");
            if (!s.Markers) continue;
            foreach (var p in s.Points) svg.Circle(frame.X[p.X], frame.Y[p.Y], 3, s.Color, FormattableString.Invariant($"{s.Name}: ({p.X:G4}, {p.Y:G4})"));
        }
        svg.EndGroup();
        for (int k = 0; k < markers.Count; k++)
        {
            var (x, label) = markers[k];
            svg.BeginGroup("marker");
            svg.Line(frame.X[x], frame.PlotTop, frame.X[x], frame.PlotBottom, "#444444", 1.5, "6 4");
            svg.Text(frame.X[x] + 4, frame.PlotTop + 12 + 14 * k, label, size: 11);
            svg.EndGroup();
        }
        if (legend)
        {
            foreach (var s in series)
            {
                frame.Legend(s.Name, s.Color, dash: s.Dash);
                if (s.Band is not null) frame.Legend($"{s.Name} ±1 SD", s.Color, box: true, opacity: 0.18);
            }
        }
        return frame.ToString();
    }

    /// <summary>The range widened by 5 % on each side.</summary>
    public static (double Min, double Max) Pad(double min, double max)
    {
        double pad = (max - min) * 0.05;
        return (min - pad, max + pad);
    }
}
