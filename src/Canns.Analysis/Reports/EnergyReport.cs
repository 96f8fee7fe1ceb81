using System.Text;
using System.Text.Json;
using Canns.Analysis.Reports.Svg;

namespace Canns.Analysis.Reports;

/// <summary>
/// Writes an energy analysis as <c>report.html</c> (self-contained, inline SVG charts), <c>summary.md</c>,
/// <c>energy.json</c> and the CSV tables <c>trajectories.csv</c>, <c>state-energies.csv</c>, <c>basins.csv</c> and
/// <c>census.csv</c>. The data files depend only on the result, so the same seed gives byte-identical files.
/// </summary>
public static class EnergyReport
{
    /// <summary>The file names written, in order: HTML, Markdown, JSON, CSV.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        ["report.html", "summary.md", "energy.json", "trajectories.csv", "state-energies.csv", "basins.csv", "census.csv"];

    /// <summary>Writes the report into <paramref name="directory"/> (created if needed), all files or none.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing is not permitted.</exception>
    public static ReportFiles Write(EnergyAnalysisResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        var paths = ReportOutput.WriteAll(directory, Render(result));
        return new ReportFiles(Path.GetDirectoryName(paths[0])!, paths[0], paths[1], paths[2], paths.Skip(3).ToArray());
    }

    /// <summary>The files' names and contents, in <see cref="FileNames"/> order.</summary>
    internal static IReadOnlyList<(string Name, string Content)> Render(EnergyAnalysisResult r) =>
    [
        (FileNames[0], Html(r)), (FileNames[1], Markdown(r)), (FileNames[2], JsonText(r)), (FileNames[3], TrajectoriesCsv(r)),
        (FileNames[4], StatesCsv(r)), (FileNames[5], BasinsCsv(r)), (FileNames[6], CensusCsv(r)),
    ];

    private static readonly AttractorKind[] Kinds = Enum.GetValues<AttractorKind>();

    private static string Html(EnergyAnalysisResult r)
    {
        var o = r.Options;
        bool dense = StorageRuleNetworks.IsDense(o.Rule);
        string energyAxis = dense ? "energy E" : "energy E (weight units)";
        var doc = new HtmlDocument(dense ? "Energy analysis of a dense associative memory" : "Energy analysis of a Hopfield network");
        doc.Paragraph($"{o.Patterns} patterns stored by the {Text.Name(o.Rule)} rule in a network of N = {o.Neurons} neurons " +
                      $"(load α = {Text.Show((double)o.Patterns / o.Neurons, "0.####")}). Energies are the model's own, {EnergyFunction(o.Rule)}.");
        doc.Heading("Parameters").Table(["parameter", "value"], Parameters(o));
        doc.Heading("Energy during recall");
        var trajectories = r.Trajectories.Select((t, k) => new ChartSeries($"pattern {t.Pattern}, m = {Text.Show(t.FinalOverlap, "F2")}", Palette.Category(k),
            t.Energies.Select((e, step) => ((double)step, e)).ToArray())).ToArray();
        doc.Figure(LineChart.Render("Energy along recall trajectories", "recall step (sweeps; 0 = probe)", energyAxis, trajectories, xIntegers: true),
            $"Energy of the state after each step, from probes with {Text.Data(r.Trajectories[0].FlippedBits)} of {o.Neurons} bits flipped ({Text.Name(o.UpdateMode)} updates). m: final overlap with the pattern.");
        doc.Heading("Energies of attractor types");
        var groups = new List<(string, string, IReadOnlyList<double>)>
        {
            ("stored ξ", Palette.Category(0), r.States.Stored), ("inverted −ξ", Palette.Category(1), r.States.Inverted),
            ("3-mixtures", Palette.Category(2), r.States.Mixtures), ("random", Palette.Category(7), r.States.Random),
        }.Where(g => g.Item3.Count > 0).ToArray();
        doc.Figure(HistogramChart.Render("Energy of stored, spurious and random states", energyAxis, "number of states", groups),
            dense
                ? "Stored patterns lie deepest; with an odd F such as x³ their inverses are not minima; mixtures sgn(ξa + ξb + ξc) and random states lie above them."
                : "Stored patterns and their inverses lie deepest; symmetric mixtures sgn(ξa + ξb + ξc) above them; random states near 0.");
        var census = Kinds.Select(k => (double)r.Census.Count(k)).ToArray();
        doc.Figure(BarChart.Render($"Attractors reached from {r.Census.Starts} random starts", "attractor kind", "number of starts", census, Palette.Category(4),
                categories: Kinds.Select(Text.Name).ToArray(), legend: "final states"),
            $"Where recall from uniformly random ±1 states ends: a stored pattern, its inverse, a 3-mixture, or another state ({r.Census.NotConverged} still changing at the step limit count as other).");
        doc.Heading("Basins of attraction");
        doc.Figure(BarChart.Render("Basin radius per stored pattern", "pattern index", "largest flip fraction recalled", r.Basins.Select(b => b.Radius).ToArray(),
                Palette.Category(0), (0, 0.55), legend: $"≥ {Text.Show(o.BasinSuccessRate * 100, "0.#")} % exact"),
            $"The largest fraction of flipped bits from which recall ends exactly on the pattern in at least {Text.Show(o.BasinSuccessRate * 100, "0.#")} % of {o.BasinTrials} trials (and at every smaller fraction tried).");
        var rates = r.Basins.Take(8).Select((b, k) => new ChartSeries($"pattern {b.Pattern}", Palette.Category(k),
            b.FlipFractions.Zip(b.SuccessRates).Select(z => (z.First, z.Second)).ToArray(), Markers: false)).ToArray();
        doc.Figure(LineChart.Render("Recall success vs. bits flipped", "fraction of bits flipped in the probe", "fraction of trials recalled exactly", rates, yRange: (0, 1.02)),
            "Success rate per flip fraction (first eight patterns).");
        doc.Heading("Weights");
        if (r.Weights is { } w)
        {
            doc.Table(["statistic", "value"],
            [
                ["N", Text.Data(w.Neurons)], ["min", Text.Show(w.Min, "G5")], ["max", Text.Show(w.Max, "G5")], ["mean", Text.Show(w.Mean, "G5")],
                ["standard deviation", Text.Show(w.StandardDeviation, "G5")], ["Frobenius norm ‖W‖", Text.Show(w.FrobeniusNorm, "G5")],
                ["symmetry error ‖W − Wᵀ‖/‖W‖", Text.Show(w.SymmetryError, "G5")], ["diagonal mean", Text.Show(w.DiagonalMean, "G5")], ["max |diagonal|", Text.Show(w.DiagonalMaxAbs, "G5")],
            ]);
        }
        else
        {
            doc.Paragraph(NoWeightStatistics(r));
        }
        var h = r.Heatmap;
        string block = $"top-left {h.Rows} × {h.Columns} block";
        doc.Figure(HeatmapChart.Render(dense ? $"Memory matrix W, stored memories ξ_μ ({block})" : $"Weights W ({block})", dense ? "neuron j" : "presynaptic neuron j",
                dense ? "memory μ" : "postsynaptic neuron i", h.Rows, h.Columns, h.Values, h.MaxAbs, dense ? "ξ_μj" : "W_ij"),
            dense ? "Row μ is memory ξ_μ; red: +1, blue: −1." : "Red: excitatory, blue: inhibitory, white: 0 (the diagonal is zero).");
        doc.Heading("Theory");
        if (dense) doc.Paragraph("The capacities below are those of the pairwise (N × N) rules; a dense cubic memory stores about N²/(6 ln N) patterns, an exponential one exponentially many in N.");
        doc.Table(["figure", "formula", "P", "α = P/N", "source"],
            TheoreticalCapacity.For(o.Neurons).Select(f => (IReadOnlyList<string>)[f.Name, f.Formula, Text.Show(f.Patterns, "F1"), Text.Show(f.Load, "F4"), f.Source]));
        return doc.ToString();
    }

    /// <summary>The energy function the rule's model descends, as the report states it.</summary>
    private static string EnergyFunction(StorageRule rule) => rule switch
    {
        StorageRule.DenseCubic => "E(σ) = −Σ_μ F(ξ_μ·σ) over the stored memories ξ_μ, with F(x) = x³",
        StorageRule.DenseExponential => "E(σ) = −log Σ_μ exp(ξ_μ·σ) over the stored memories ξ_μ (a monotone form of −Σ_μ exp(ξ_μ·σ))",
        StorageRule.Hebbian or StorageRule.HebbianUncentered or StorageRule.AntiHebbian =>
            "E(s) = −½ sᵀWs + θ Σ s, in units of the weights (W is normalised by the pattern count, not by N)",
        _ => "E(s) = −½ sᵀWs + θ Σ s, in units of the weights",
    };

    /// <summary>Why the report has no weight statistics.</summary>
    private static string NoWeightStatistics(EnergyAnalysisResult r) => StorageRuleNetworks.IsDense(r.Options.Rule)
        ? $"W is the P × N memory matrix (P = {r.Options.Patterns}, N = {r.Options.Neurons}); weight statistics apply to square W."
        : "W is not square; weight statistics apply to square W.";

    private static IEnumerable<IReadOnlyList<string>> Parameters(EnergyAnalysisOptions o) =>
    [
        ["neurons N", Text.Data(o.Neurons)], ["patterns P", Text.Data(o.Patterns)], ["storage rule", Text.Name(o.Rule)], ["update mode", Text.Name(o.UpdateMode)],
        ["threshold θ", Text.Data(o.Threshold)], ["max recall steps", Text.Data(o.MaxIterations)],
        ["trajectory probes (bits flipped)", $"{Text.Data(o.Trajectories)} ({Text.Data(o.TrajectoryNoise)} of N)"], ["random states", Text.Data(o.RandomStates)],
        ["basin trials per fraction", Text.Data(o.BasinTrials)], ["basin fractions", $"0 to {Text.Data(o.BasinMaxFraction)} step {Text.Data(o.BasinStep)}"],
        ["census starts", Text.Data(o.CensusStarts)], ["seed", Text.Data(o.Seed)],
    ];

    private static string Markdown(EnergyAnalysisResult r)
    {
        var s = r.States;
        var sb = new StringBuilder("# Energy analysis\n\n");
        sb.Append(Text.MarkdownTable(["parameter", "value"], Parameters(r.Options).ToArray())).Append('\n');
        sb.Append("## Energies\n\n").Append(Text.MarkdownTable(["states", "count", "mean energy", "min", "max"],
            new (string Name, IReadOnlyList<double> Values)[] { ("stored", s.Stored), ("inverted", s.Inverted), ("3-mixtures", s.Mixtures), ("random", s.Random) }
                .Where(g => g.Values.Count > 0)
                .Select(g => (IReadOnlyList<string>)[g.Name, Text.Data(g.Values.Count), Text.Show(g.Values.Average(), "F2"), Text.Show(g.Values.Min(), "F2"), Text.Show(g.Values.Max(), "F2")])));
        sb.Append("\n## Attractor census\n\n").Append(Text.MarkdownTable(["kind", "starts"],
            Kinds.Select(k => (IReadOnlyList<string>)[Text.Name(k), Text.Data(r.Census.Count(k))])));
        sb.Append("\n## Basins\n\n").Append(Text.MarkdownTable(["pattern", "radius (fraction of bits)"],
            r.Basins.Select(b => (IReadOnlyList<string>)[Text.Data(b.Pattern), Text.Show(b.Radius, "0.###")])));
        sb.Append(r.Weights is { } w
            ? $"\nSymmetry error of W: {Text.Show(w.SymmetryError, "G5")}; max |W_ii| = {Text.Show(w.DiagonalMaxAbs, "G5")}.\n"
            : $"\n{NoWeightStatistics(r)}\n");
        sb.Append("\nFiles: `report.html` (charts), `energy.json` (all data, schema in docs/report-schema.md), `trajectories.csv`, `state-energies.csv`, `basins.csv`, `census.csv`.\n");
        return sb.ToString();
    }

    private static string JsonText(EnergyAnalysisResult r) => Json.Write(w =>
    {
        var o = r.Options;
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", ReportOutput.SchemaVersion);
        w.WriteString("kind", "energy-analysis");
        WriteParameters(w, o);
        w.WritePropertyName("theory");
        w.Theory(o.Neurons);
        if (r.Weights is { } ws)
        {
            w.WriteStartObject("weights");
            w.Number("min", ws.Min);
            w.Number("max", ws.Max);
            w.Number("mean", ws.Mean);
            w.Number("standardDeviation", ws.StandardDeviation);
            w.Number("frobeniusNorm", ws.FrobeniusNorm);
            w.Number("symmetryError", ws.SymmetryError);
            w.Number("diagonalMean", ws.DiagonalMean);
            w.Number("diagonalMaxAbs", ws.DiagonalMaxAbs);
            w.WriteStartObject("offDiagonalHistogram");
            w.Number("min", ws.OffDiagonal.Min);
            w.Number("max", ws.OffDiagonal.Max);
            w.WriteStartArray("counts");
            foreach (long c in ws.OffDiagonal.Counts) w.WriteNumberValue(c);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("weights");
        }
        w.Numbers("patternEnergies", r.PatternEnergies.Energies);
        w.WriteStartArray("trajectories");
        foreach (var t in r.Trajectories)
        {
            w.WriteStartObject();
            w.WriteNumber("pattern", t.Pattern);
            w.WriteNumber("flippedBits", t.FlippedBits);
            w.Number("finalOverlap", t.FinalOverlap);
            w.Numbers("energies", t.Energies);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("stateEnergies");
        w.Numbers("stored", r.States.Stored);
        w.Numbers("inverted", r.States.Inverted);
        w.Numbers("mixtures", r.States.Mixtures);
        w.Numbers("random", r.States.Random);
        w.WriteEndObject();
        w.WriteStartArray("basins");
        foreach (var b in r.Basins)
        {
            w.WriteStartObject();
            w.WriteNumber("pattern", b.Pattern);
            w.Number("radius", b.Radius);
            w.Numbers("flipFractions", b.FlipFractions);
            w.Numbers("successRates", b.SuccessRates);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("census");
        w.WriteNumber("starts", r.Census.Starts);
        foreach (var k in Kinds) w.WriteNumber(Text.Name(k), r.Census.Count(k));
        w.WriteNumber("notConverged", r.Census.NotConverged);
        w.WriteStartArray("finalKinds");
        foreach (var k in r.Census.Kinds) w.WriteStringValue(Text.Name(k));
        w.WriteEndArray();
        w.Numbers("finalEnergies", r.Census.Energies);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>
    /// Writes the <c>parameters</c> object of <c>energy.json</c>; shard files add <c>heatmapSize</c>, which the
    /// report itself does not record, so that a merge can rebuild every stage.
    /// </summary>
    internal static void WriteParameters(Utf8JsonWriter w, EnergyAnalysisOptions o, bool heatmapSize = false)
    {
        w.WriteStartObject("parameters");
        w.WriteNumber("neurons", o.Neurons);
        w.WriteNumber("patterns", o.Patterns);
        w.WriteString("rule", Text.Name(o.Rule));
        w.WriteString("updateMode", Text.Name(o.UpdateMode));
        w.Number("threshold", o.Threshold);
        w.WriteNumber("maxIterations", o.MaxIterations);
        w.WriteNumber("trajectories", o.Trajectories);
        w.Number("trajectoryNoise", o.TrajectoryNoise);
        w.WriteNumber("randomStates", o.RandomStates);
        w.WriteNumber("maxMixtures", o.MaxMixtures);
        w.WriteNumber("basinTrials", o.BasinTrials);
        w.Number("basinStep", o.BasinStep);
        w.Number("basinMaxFraction", o.BasinMaxFraction);
        w.Number("basinSuccessRate", o.BasinSuccessRate);
        w.WriteNumber("censusStarts", o.CensusStarts);
        w.WriteNumber("seed", o.Seed);
        if (heatmapSize) w.WriteNumber("heatmapSize", o.HeatmapSize);
        w.WriteEndObject();
    }

    private static string TrajectoriesCsv(EnergyAnalysisResult r) => Text.Csv(["trajectory", "pattern", "flipped_bits", "step", "energy"],
        r.Trajectories.SelectMany((t, k) => t.Energies.Select((e, step) => new[] { Text.Data(k), Text.Data(t.Pattern), Text.Data(t.FlippedBits), Text.Data(step), Text.Data(e) })));

    private static string StatesCsv(EnergyAnalysisResult r) => Text.Csv(["kind", "index", "energy"],
        new (string Kind, IReadOnlyList<double> Values)[] { ("stored", r.States.Stored), ("inverted", r.States.Inverted), ("mixture", r.States.Mixtures), ("random", r.States.Random) }
            .SelectMany(g => g.Values.Select((e, i) => new[] { g.Kind, Text.Data(i), Text.Data(e) })));

    private static string BasinsCsv(EnergyAnalysisResult r) => Text.Csv(["pattern", "flip_fraction", "success_rate", "radius"],
        r.Basins.SelectMany(b => b.FlipFractions.Zip(b.SuccessRates).Select(z => new[] { Text.Data(b.Pattern), Text.Data(z.First), Text.Data(z.Second), Text.Data(b.Radius) })));

    private static string CensusCsv(EnergyAnalysisResult r) => Text.Csv(["start", "kind", "energy"],
        r.Census.Kinds.Select((k, s) => new[] { Text.Data(s), Text.Name(k), Text.Data(r.Census.Energies[s]) }));
}
