using System.Text;
using System.Text.Json;
using Canns.Analysis.Reports.Svg;

namespace Canns.Analysis.Reports;

/// <summary>
/// Writes a capacity study as <c>report.html</c> (self-contained, inline SVG charts), <c>summary.md</c>,
/// <c>capacity.json</c>, <c>points.csv</c> and <c>trials.csv</c>. The data files depend only on the result, so the
/// same seed gives byte-identical files.
/// </summary>
public static class CapacityReport
{
    /// <summary>The file names written, in order: HTML, Markdown, JSON, CSV.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["report.html", "summary.md", "capacity.json", "points.csv", "trials.csv"];

    /// <summary>Writes the report into <paramref name="directory"/> (created if needed), all files or none.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing is not permitted.</exception>
    public static ReportFiles Write(CapacityStudyResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        var paths = ReportOutput.WriteAll(directory, Render(result));
        return new ReportFiles(Path.GetDirectoryName(paths[0])!, paths[0], paths[1], paths[2], [paths[3], paths[4]]);
    }

    /// <summary>The files' names and contents, in <see cref="FileNames"/> order.</summary>
    internal static IReadOnlyList<(string Name, string Content)> Render(CapacityStudyResult result) =>
    [
        (FileNames[0], Html(result)), (FileNames[1], Markdown(result)), (FileNames[2], JsonText(result)), (FileNames[3], PointsCsv(result)), (FileNames[4], TrialsCsv(result)),
    ];

    private static string SeriesName(CapacityPoint p, CapacityStudyOptions o)
    {
        var parts = new List<string>();
        if (o.Neurons.Count > 1) parts.Add($"N = {p.Neurons}");
        if (o.Rules.Count > 1) parts.Add(Text.Name(p.Rule));
        if (o.UpdateModes.Count > 1) parts.Add(Text.Name(p.UpdateMode));
        if (o.NoiseLevels.Count > 1) parts.Add($"noise {Text.Show(p.Noise, "0.###")}");
        return parts.Count == 0 ? "" : string.Join(", ", parts);
    }

    private static IEnumerable<IGrouping<string, CapacityPointSummary>> Series(CapacityStudyResult r) =>
        r.Points.GroupBy(s => SeriesName(s.Point, r.Plan.Options));

    private static string Html(CapacityStudyResult r)
    {
        var o = r.Plan.Options;
        var doc = new HtmlDocument("Storage capacity of a Hopfield network");
        doc.Paragraph($"For each load α = P/N, {o.Trials} trials stored P random ±1 patterns with the chosen rule and recalled each one from a probe " +
                      "with a fixed number of bits flipped. The final overlap is m = (1/N) Σ ξ·s; a recall is exact when m = 1; a stored pattern is a fixed point when one sweep changes no unit.");
        doc.Heading("Parameters").Table(["parameter", "value"], Parameters(o));
        var markers = MarkerLines(o, r.Points.Max(s => StoredLoad(s.Point)));
        var groups = Series(r).ToArray();
        var overlap = groups.Select((g, k) => new ChartSeries(Label(g.Key, "mean overlap"), Palette.Category(k),
            g.Select(s => (StoredLoad(s.Point), s.MeanOverlap)).ToArray(),
            g.Select(s => (s.MeanOverlap - s.OverlapStandardDeviation, s.MeanOverlap + s.OverlapStandardDeviation)).ToArray())).ToArray();
        doc.Heading("Capacity curve");
        // Overlaps lie in [−1, 1]; they go below 0 when recall ends nearer −ξ (noise above 0.5, the anti-Hebbian control).
        double overlapFloor = r.Points.Any(s => s.MeanOverlap - s.OverlapStandardDeviation < 0) ? -1.02 : 0;
        doc.Figure(LineChart.Render("Final overlap vs. load", "load α = P/N (patterns per neuron)", "final overlap m (dimensionless)", overlap, markers, (overlapFloor, 1.02)),
            "Mean final overlap with the stored pattern over all probes and trials; the band is ±1 standard deviation. Dashed lines: theoretical capacities.");
        var recall = groups.SelectMany((g, k) => new[]
        {
            new ChartSeries(Label(g.Key, "exact recall"), Palette.Category(k), g.Select(s => (StoredLoad(s.Point), s.ExactRecallFraction)).ToArray(),
                g.Select(s => (s.ExactRecallFraction - s.ExactRecallStandardDeviation, s.ExactRecallFraction + s.ExactRecallStandardDeviation)).ToArray()),
            new ChartSeries(Label(g.Key, "fixed points"), Palette.Category(k), g.Select(s => (StoredLoad(s.Point), s.FixedPointFraction)).ToArray(), Dash: "5 3"),
        }).ToArray();
        doc.Figure(LineChart.Render("Exact recall and fixed points vs. load", "load α = P/N (patterns per neuron)", "fraction of patterns", recall, markers, (0, 1.02)),
            "Solid: fraction of probes recalled exactly (band: ±1 SD over trials). Dashed: fraction of stored patterns that are fixed points.");
        doc.Heading("Theory");
        doc.Table(["N", "figure", "formula", "P", "α = P/N", "source"],
            o.Neurons.SelectMany(n => TheoreticalCapacity.For(n).Select(f => (IReadOnlyList<string>)
                [Text.Data(n), f.Name, f.Formula, Text.Show(f.Patterns, "F1"), Text.Show(f.Load, "F4"), f.Source])));
        doc.Heading("Results");
        doc.Table(PointHeader, r.Points.Select(PointRow));
        return doc.ToString();
    }

    /// <summary>The load the point stored, <c>P/N</c> (the requested α rounds to a whole number of patterns), which the charts plot.</summary>
    private static double StoredLoad(CapacityPoint p) => (double)p.Patterns / p.Neurons;

    private static string Label(string series, string what) => series.Length == 0 ? what : $"{what} ({series})";

    private static IReadOnlyList<(double X, string Label)> MarkerLines(CapacityStudyOptions o, double max)
    {
        var markers = new List<(double X, string Label)> { (TheoreticalCapacity.CriticalLoad, "α_c ≈ 0.138") };
        if (o.Neurons.Count == 1)
        {
            double ln = Math.Log(o.Neurons[0]);
            markers.Add((1 / (2 * ln), "N/(2 ln N)"));
            markers.Add((1 / (4 * ln), "N/(4 ln N)"));
        }
        // Only markers inside the swept range, so the chart does not stretch for them.
        return markers.Where(m => m.X <= max * 1.05).ToArray();
    }

    private static IEnumerable<IReadOnlyList<string>> Parameters(CapacityStudyOptions o) =>
    [
        ["neurons N", string.Join(", ", o.Neurons.Select(n => Text.Data(n)))],
        ["loads α", string.Join(", ", o.Loads.Select(a => Text.Data(a)))],
        ["noise (fraction of bits flipped)", string.Join(", ", o.NoiseLevels.Select(x => Text.Data(x)))],
        ["storage rule", string.Join(", ", o.Rules.Select(Text.Name))],
        ["update mode", string.Join(", ", o.UpdateModes.Select(Text.Name))],
        ["trials per point", Text.Data(o.Trials)],
        ["max recall steps", Text.Data(o.MaxIterations)],
        ["seed", Text.Data(o.Seed)],
    ];

    private static readonly string[] PointHeader =
        ["N", "rule", "update", "noise", "α", "P", "mean overlap", "SD", "min", "exact recall", "fixed points", "mean steps"];

    private static IReadOnlyList<string> PointRow(CapacityPointSummary s) =>
    [
        Text.Data(s.Point.Neurons), Text.Name(s.Point.Rule), Text.Name(s.Point.UpdateMode), Text.Show(s.Point.Noise, "0.###"), Text.Show(s.Point.Load, "0.####"),
        Text.Data(s.Point.Patterns), Text.Show(s.MeanOverlap), Text.Show(s.OverlapStandardDeviation), Text.Show(s.MinOverlap),
        Text.Show(s.ExactRecallFraction, "F3"), Text.Show(s.FixedPointFraction, "F3"), Text.Show(s.MeanIterations, "F1"),
    ];

    private static string Markdown(CapacityStudyResult r)
    {
        var o = r.Plan.Options;
        var sb = new StringBuilder("# Storage capacity study\n\n");
        sb.Append(Text.MarkdownTable(["parameter", "value"], Parameters(o).ToArray())).Append('\n');
        sb.Append("## Results\n\n").Append(Text.MarkdownTable(PointHeader, r.Points.Select(PointRow))).Append('\n');
        sb.Append("## Theory\n\n");
        foreach (int n in o.Neurons)
        {
            foreach (var f in TheoreticalCapacity.For(n))
            {
                sb.Append($"- N = {Text.Data(n)}, {f.Name}: {f.Formula} = {Text.Show(f.Patterns, "F1")} patterns (α = {Text.Show(f.Load, "F4")}); {f.Source}.\n");
            }
        }
        sb.Append("\nFiles: `report.html` (charts), `capacity.json` (all data, schema in docs/report-schema.md), `points.csv`, `trials.csv`.\n");
        return sb.ToString();
    }

    private static string JsonText(CapacityStudyResult r) => Json.Write(w =>
    {
        var o = r.Plan.Options;
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", ReportOutput.SchemaVersion);
        w.WriteString("kind", "capacity-study");
        WriteParameters(w, o);
        w.WriteStartArray("theory");
        foreach (int n in o.Neurons) w.Theory(n);
        w.WriteEndArray();
        w.WriteStartArray("points");
        foreach (var s in r.Points)
        {
            var p = s.Point;
            w.WriteStartObject();
            w.WriteNumber("index", p.Index);
            w.WriteNumber("neurons", p.Neurons);
            w.Number("load", p.Load);
            w.WriteNumber("patterns", p.Patterns);
            w.Number("noise", p.Noise);
            w.WriteNumber("flippedBits", p.FlippedBits);
            w.WriteString("rule", Text.Name(p.Rule));
            w.WriteString("updateMode", Text.Name(p.UpdateMode));
            w.WriteNumber("trials", s.Trials);
            w.Number("meanOverlap", s.MeanOverlap);
            w.Number("overlapStd", s.OverlapStandardDeviation);
            w.Number("minOverlap", s.MinOverlap);
            w.Number("exactRecallFraction", s.ExactRecallFraction);
            w.Number("exactRecallStd", s.ExactRecallStandardDeviation);
            w.Number("fixedPointFraction", s.FixedPointFraction);
            w.Number("meanIterations", s.MeanIterations);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("trials");
        foreach (var t in r.Trials) WriteTrial(w, t);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Writes the study's options as the <c>parameters</c> object (shared with the shard files).</summary>
    internal static void WriteParameters(Utf8JsonWriter w, CapacityStudyOptions o)
    {
        w.WriteStartObject("parameters");
        w.WriteStartArray("neurons");
        foreach (int n in o.Neurons) w.WriteNumberValue(n);
        w.WriteEndArray();
        w.Numbers("loads", o.Loads);
        w.Numbers("noiseLevels", o.NoiseLevels);
        w.WriteStartArray("rules");
        foreach (var rule in o.Rules) w.WriteStringValue(Text.Name(rule));
        w.WriteEndArray();
        w.WriteStartArray("updateModes");
        foreach (var mode in o.UpdateModes) w.WriteStringValue(Text.Name(mode));
        w.WriteEndArray();
        w.WriteNumber("trials", o.Trials);
        w.WriteNumber("maxIterations", o.MaxIterations);
        w.WriteNumber("seed", o.Seed);
        w.WriteEndObject();
    }

    /// <summary>Writes one cell's result as an element of <c>trials[]</c> (shared with the shard files).</summary>
    internal static void WriteTrial(Utf8JsonWriter w, CapacityTrialResult t)
    {
        w.WriteStartObject();
        w.WriteNumber("point", t.PointIndex);
        w.WriteNumber("trial", t.Trial);
        w.WriteNumber("seed", t.Seed);
        w.WriteNumber("patterns", t.Patterns);
        w.Number("meanOverlap", t.MeanOverlap);
        w.Number("meanSquaredOverlap", t.MeanSquaredOverlap);
        w.Number("minOverlap", t.MinOverlap);
        w.WriteNumber("exactRecalls", t.ExactRecalls);
        w.WriteNumber("fixedPoints", t.FixedPoints);
        w.Number("meanIterations", t.MeanIterations);
        w.WriteEndObject();
    }

    private static string PointsCsv(CapacityStudyResult r) => Text.Csv(
        ["point", "neurons", "load", "patterns", "noise", "flipped_bits", "rule", "update_mode", "trials", "mean_overlap", "overlap_std", "min_overlap",
         "exact_recall_fraction", "exact_recall_std", "fixed_point_fraction", "mean_iterations"],
        r.Points.Select(s => new[]
        {
            Text.Data(s.Point.Index), Text.Data(s.Point.Neurons), Text.Data(s.Point.Load), Text.Data(s.Point.Patterns), Text.Data(s.Point.Noise),
            Text.Data(s.Point.FlippedBits), Text.Name(s.Point.Rule), Text.Name(s.Point.UpdateMode), Text.Data(s.Trials), Text.Data(s.MeanOverlap),
            Text.Data(s.OverlapStandardDeviation), Text.Data(s.MinOverlap), Text.Data(s.ExactRecallFraction), Text.Data(s.ExactRecallStandardDeviation),
            Text.Data(s.FixedPointFraction), Text.Data(s.MeanIterations),
        }));

    private static string TrialsCsv(CapacityStudyResult r) => Text.Csv(
        ["point", "trial", "seed", "patterns", "mean_overlap", "mean_squared_overlap", "min_overlap", "exact_recalls", "fixed_points", "mean_iterations"],
        r.Trials.Select(t => new[]
        {
            Text.Data(t.PointIndex), Text.Data(t.Trial), Text.Data(t.Seed), Text.Data(t.Patterns), Text.Data(t.MeanOverlap), Text.Data(t.MeanSquaredOverlap),
            Text.Data(t.MinOverlap), Text.Data(t.ExactRecalls), Text.Data(t.FixedPoints), Text.Data(t.MeanIterations),
        }));
}
