using Canns.Analysis.Reports.Svg;
using Canns.Trainers;

namespace Canns.Analysis;

/// <summary>
/// Charts of the plasticity toolkit for your own monitoring, as standalone SVG documents (the same renderers the reports
/// use): the weights' evolution from a monitor's snapshots, and a heatmap of any matrix (W, the eligibility traces…).
/// </summary>
public static class PlasticityCharts
{
    /// <summary>The mean weight (±1 standard deviation) and the extremes over the monitor's snapshots, against the step.</summary>
    /// <param name="snapshots">The snapshots, in the order they were taken (a monitor's <c>IProgress&lt;PlasticitySnapshot&gt;</c> collects them); at least one.</param>
    /// <returns>The SVG document.</returns>
    /// <exception cref="ArgumentException">No snapshots, or one with a non-finite statistic.</exception>
    public static string WeightEvolution(IReadOnlyList<PlasticitySnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0) throw new ArgumentException("There are no snapshots.", nameof(snapshots));
        for (int k = 0; k < snapshots.Count; k++)
        {
            var s = snapshots[k] ?? throw new ArgumentException($"Snapshot {k} is null.", nameof(snapshots));
            if (!double.IsFinite(s.MeanWeight) || !double.IsFinite(s.WeightStandardDeviation) || !float.IsFinite(s.MinWeight) || !float.IsFinite(s.MaxWeight))
            {
                throw new ArgumentException($"Snapshot {k} (step {s.Step}) has a statistic that is not finite.", nameof(snapshots));
            }
        }
        bool markers = snapshots.Count <= 60;
        IReadOnlyList<(double X, double Y)> Points(Func<PlasticitySnapshot, double> y) => snapshots.Select(s => ((double)s.Step, y(s))).ToArray();
        return LineChart.Render("Weights over training", "step", "w", [
            new ChartSeries("mean weight", Palette.Category(3), Points(s => s.MeanWeight),
                Band: snapshots.Select(s => (s.MeanWeight - s.WeightStandardDeviation, s.MeanWeight + s.WeightStandardDeviation)).ToArray(), Markers: markers),
            new ChartSeries("max", Palette.Category(1), Points(s => s.MaxWeight), Markers: false, Dash: "6 3"),
            new ChartSeries("min", Palette.Category(0), Points(s => s.MinWeight), Markers: false, Dash: "2 3"),
        ]);
    }

    /// <summary>A heatmap of the top-left block (at most <paramref name="maxSize"/> square) of a row-major matrix.</summary>
    /// <param name="values">The matrix, row-major, <paramref name="rows"/> × <paramref name="columns"/>; finite.</param>
    /// <param name="rows">Its rows; at least 1.</param>
    /// <param name="columns">Its columns; at least 1.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="maxSize">The largest block drawn; at least 1.</param>
    /// <returns>The SVG document (red positive, blue negative, white 0).</returns>
    /// <exception cref="ArgumentException">The length is not rows × columns, or a value in the block is NaN or ∞.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public static string Heatmap(ReadOnlySpan<float> values, int rows, int columns, string title, int maxSize = 64)
    {
        ArgumentNullException.ThrowIfNull(title);
        return Heatmap(values, rows, columns, maxSize, (r, c) => $"{title} (top-left {r} × {c})", "column j", "row i", "value");
    }

    /// <summary>The heatmap of the top-left block, with the title made from the block's size and the axes named.</summary>
    internal static string Heatmap(ReadOnlySpan<float> values, int rows, int columns, int maxSize, Func<int, int, string> title, string xLabel, string yLabel,
        string colorLabel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        if (values.Length != (long)rows * columns) throw new ArgumentException($"The matrix has {values.Length} values, not {rows} × {columns}.", nameof(values));
        int r = Math.Min(rows, maxSize), c = Math.Min(columns, maxSize);
        var block = new double[r * c];
        double maxAbs = 0;
        for (int i = 0; i < r; i++)
        {
            for (int j = 0; j < c; j++)
            {
                float v = values[i * columns + j];
                if (!float.IsFinite(v)) throw new ArgumentException($"The value at ({i}, {j}) is {v}.", nameof(values));
                block[i * c + j] = v;
                maxAbs = Math.Max(maxAbs, Math.Abs(v));
            }
        }
        return HeatmapChart.Render(title(r, c), xLabel, yLabel, r, c, block, Math.Max(maxAbs, 1e-12), colorLabel);
    }
}
