using Canns.Analysis.Reports;
using Canns.Analysis.Reports.Svg;
using Canns.Trainers;

namespace Canns.Analysis;

/// <summary>
/// The HTML page of a <see cref="TrainingRun"/>: loss, rates and weights over the chunks so far, and the trainer's W (and
/// eligibility traces, with selective plasticity) as it stands, as heatmaps of their top-left block.
/// </summary>
internal static class TrainingRunReport
{
    public const string FileName = "report.html";

    /// <summary>The largest block of W (and of the traces) drawn: 64 × 64 neurons.</summary>
    public const int HeatmapNeurons = 64;

    /// <summary>Writes <c>report.html</c> into <paramref name="directory"/> (atomically) and returns its path.</summary>
    public static string Write(string directory, IReadOnlyList<ChunkMetrics> metrics, TrainingRunOptions options, int bestChunk, PlasticityTrainer trainer)
    {
        var doc = new HtmlDocument("Training run");
        doc.Heading("Training run toward a target rate");
        var last = metrics[^1];
        doc.Paragraph(FormattableString.Invariant(
            $"{metrics.Count} of {options.Chunks} chunks; target {options.TargetRateHz:G4} Hz; input noise σ = {options.InputNoise:G4}; seed {options.Seed}. Best chunk {bestChunk} (by {options.BestBy}; loss {metrics[bestChunk - 1].Loss:G5}); last chunk loss {last.Loss:G5}, mean rate {last.MeanRateHz:G4} Hz."));
        static IReadOnlyList<(double X, double Y)> Points(IReadOnlyList<ChunkMetrics> m, Func<ChunkMetrics, double> y) => m.Select(c => ((double)c.Chunk, y(c))).ToArray();
        bool markers = metrics.Count <= 60;
        doc.Figure(LineChart.Render("Loss", "chunk", "loss", [
                new ChartSeries("loss", Palette.Category(0), Points(metrics, c => c.Loss), Markers: markers),
                new ChartSeries("rate term", Palette.Category(1), Points(metrics, c => c.RateLoss), Markers: false, Dash: "6 3"),
            ], markers: [(bestChunk, "best")], xIntegers: true),
            "The loss (rate error plus the silent-neuron penalty) after each chunk.");
        doc.Figure(LineChart.Render("Rates", "chunk", "Hz", [
                new ChartSeries("mean rate", Palette.Category(2), Points(metrics, c => c.MeanRateHz), Band: metrics.Select(c => (c.MeanRateHz - c.RateStandardDeviationHz, c.MeanRateHz + c.RateStandardDeviationHz)).ToArray(), Markers: markers),
                new ChartSeries("target", Palette.Category(6), Points(metrics, _ => options.TargetRateHz), Markers: false, Dash: "4 4"),
                .. options.InhibitoryTargetRateHz is { } inhibitory
                    ? [new ChartSeries("inhibitory target", Palette.Category(7), Points(metrics, _ => inhibitory), Markers: false, Dash: "2 4")]
                    : Array.Empty<ChartSeries>(),
            ], xIntegers: true),
            "Mean rate over the neurons (band: ±1 standard deviation across neurons) against the target.");
        // The optional loss terms: each one's mean statistic over the chunks against its target.
        void TermFigure(string title, string unit, string series, Func<ChunkMetrics, double?> value, double target, string caption) =>
            doc.Figure(LineChart.Render(title, "chunk", unit, [
                    new ChartSeries(series, Palette.Category(5), Points(metrics, c => value(c) ?? 0), Markers: markers),
                    new ChartSeries("target", Palette.Category(6), Points(metrics, _ => target), Markers: false, Dash: "4 4"),
                ], xIntegers: true), caption);
        if (options.CvWeight > 0)
        {
            TermFigure("Regularity", "CV", "mean CV", c => c.MeanCv, options.CvTarget,
                "Mean coefficient of variation of the inter-spike intervals (neurons with at least three spikes) against the target.");
        }
        if (options.MembraneWeight > 0)
        {
            TermFigure("Membrane", "ratio", "mean ratio", c => c.MeanMembraneRatio, options.MembraneTargetRatio,
                "Mean membrane ratio (mean plus one standard deviation of the potential, from reset 0 to threshold 1) against the ratio above which the membrane term penalises.");
        }
        doc.Figure(LineChart.Render("Weights", "chunk", "w", [
                new ChartSeries("mean weight", Palette.Category(3), Points(metrics, c => c.MeanWeight), Band: metrics.Select(c => (c.MeanWeight - c.WeightStandardDeviation, c.MeanWeight + c.WeightStandardDeviation)).ToArray(), Markers: markers),
            ], xIntegers: true),
            "Mean synaptic weight (band: ±1 standard deviation across synapses).");
        for (int k = 0; k < options.Metrics.Count; k++)
        {
            int column = k;
            string name = options.Metrics[k].Name;
            bool picksBest = options.BestBy == name;
            doc.Figure(LineChart.Render(name, "chunk", name, [
                    new ChartSeries(name, Palette.Category(4 + k % 4), Points(metrics, c => c.Custom[column]), Markers: markers),
                ], markers: picksBest ? [(bestChunk, "best")] : [], xIntegers: true),
                picksBest
                    ? $"Your metric '{name}' after each chunk; the best checkpoint is the chunk with the {(options.BestIsHighest ? "highest" : "lowest")} value."
                    : $"Your metric '{name}' after each chunk.");
        }
        // W and the traces are 0 where there is no synapse (the network and the trainer keep them so), so white is "none".
        int n = trainer.Model.Size;
        string What(int r, int c) => $"top-left {r} × {c} block, after chunk {last.Chunk}";
        doc.Figure(PlasticityCharts.Heatmap(trainer.Model.W.AsReadOnlySpan(), n, n, HeatmapNeurons, (r, c) => $"Weights W ({What(r, c)})",
                "presynaptic neuron j", "postsynaptic neuron i", "W_ij"),
            "Red: stronger, white: 0 or no synapse (the network's synapses are sparse).");
        if (!trainer.EligibilityTraces.IsEmpty)
        {
            doc.Figure(PlasticityCharts.Heatmap(trainer.EligibilityTraces, n, n, HeatmapNeurons, (r, c) => $"Eligibility traces e ({What(r, c)})",
                    "presynaptic neuron j", "postsynaptic neuron i", "e_ij"),
                "How much the rule has been moving each synapse: selective plasticity protects the dark ones while their neurons are not both active.");
        }
        doc.Table(["chunk", "loss", "mean rate (Hz)", "silent", "mean w", .. options.Metrics.Select(m => m.Name)],
            metrics.TakeLast(10).Select(c => (IReadOnlyList<string>)[Text.Data(c.Chunk), Text.Show(c.Loss), Text.Show(c.MeanRateHz, "F2"), Text.Show(c.SilentFraction, "P0"),
                Text.Show(c.MeanWeight), .. c.Custom.Select(v => Text.Show(v))]),
            "The last ten chunks.");
        return ReportOutput.WriteAll(directory, [(FileName, doc.ToString())])[0];
    }
}
