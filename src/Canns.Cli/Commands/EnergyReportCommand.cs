using System.Diagnostics;
using System.Globalization;
using Canns.Analysis;
using Canns.Analysis.Reports;
using Canns.Cli.Rendering;
using Canns.Models;

namespace Canns.Cli.Commands;

/// <summary><c>canns energy-report</c>: stores random patterns, analyses the energy landscape and writes the report, summary and data.</summary>
public sealed class EnergyReportCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "energy-report";

    /// <inheritdoc />
    public string Summary => "energy analysis: trajectories, stored vs. spurious states, basins, attractor census, W heatmap";

    /// <inheritdoc />
    public string Usage => "--out DIR [--neurons 200] [--patterns 10] [--update async|sync] [--seed 0]";

    /// <inheritdoc />
    public int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr)
    {
        string outDir = arguments.String("out");
        var options = new EnergyAnalysisOptions
        {
            Neurons = arguments.Int("neurons", 200),
            Patterns = arguments.Int("patterns", 10),
            UpdateMode = arguments.Choice("update", "async", "async", "sync") == "sync" ? UpdateMode.Synchronous : UpdateMode.Asynchronous,
            Seed = arguments.Int("seed", 0),
        };
        arguments.ThrowIfUnused();
        CapacityCommand.Checked(() => { options.Validate(); return 0; });
        ReportOutput.EnsureWritable(outDir);

        var clock = Stopwatch.StartNew();
        var result = ConsoleProgress.Run("Energy analysis", progress => EnergyAnalysis.Run(options, ProgressAdapter.From(progress)));
        var files = EnergyReport.Write(result, outDir);
        var census = result.Census;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Energy analysis: N = {options.Neurons}, P = {options.Patterns} in {clock.Elapsed.TotalSeconds:F1} s."));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  mean energy: stored {result.States.Stored.Average():F1}, 3-mixtures {(result.States.Mixtures.Count > 0 ? result.States.Mixtures.Average() : double.NaN):F1}, random {result.States.Random.Average():F1}"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  census of {census.Starts} random starts: stored {census.Count(AttractorKind.Stored)}, inverted {census.Count(AttractorKind.Inverted)}, mixture {census.Count(AttractorKind.Mixture)}, other {census.Count(AttractorKind.Other)}"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  mean basin radius: {result.Basins.Average(b => b.Radius):F3} of N"));
        stdout.WriteLine($"Report: {files.Html}");
        stdout.WriteLine($"Data:   {files.Json}, {string.Join(", ", files.Csv.Select(Path.GetFileName))}; summary: {Path.GetFileName(files.Markdown)}");
        return CliApp.Success;
    }
}
