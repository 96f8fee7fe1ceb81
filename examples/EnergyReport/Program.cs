// EnergyReport: store 10 random patterns in a 200-neuron network and analyse its energy landscape (trajectories,
// stored vs. spurious vs. random energies, basins of attraction, attractor census), written as an HTML report.
using System.Diagnostics;
using Canns.Analysis;
using Canns.Analysis.Reports;
using Canns.Cli.Rendering;
using Canns.Trainers;
using Spectre.Console;

string outDir = args.Length > 0 ? args[0] : Path.Combine("reports", "energy");
var options = new EnergyAnalysisOptions { Neurons = 200, Patterns = 10, Seed = 0 };
options.Validate();
ReportOutput.EnsureWritable(outDir);

var clock = Stopwatch.StartNew();
var result = ConsoleProgress.Run("Energy analysis", progress =>
{
    IProgress<AnalysisProgress>? sink = progress is null
        ? null
        : new Progress<AnalysisProgress>(p => progress.Report(new TrainingProgress(TrainingPhase.PredictingBatch, p.Completed, p.Total)));
    return EnergyAnalysis.Run(options, sink);
});
var files = EnergyReport.Write(result, outDir);

var census = result.Census;
AnsiConsole.MarkupLine($"Mean energy: stored {result.States.Stored.Average():F1}, 3-mixtures {result.States.Mixtures.Average():F1}, random {result.States.Random.Average():F1}.");
AnsiConsole.MarkupLine($"From {census.Starts} random starts: {census.Count(AttractorKind.Stored)} stored, {census.Count(AttractorKind.Inverted)} inverted, " +
                       $"{census.Count(AttractorKind.Mixture)} mixtures, {census.Count(AttractorKind.Other)} other.");
AnsiConsole.MarkupLine($"Mean basin radius: {result.Basins.Average(b => b.Radius):P1} of the bits. Done in {clock.Elapsed.TotalSeconds:F1} s.");
AnsiConsole.MarkupLine($"Report: [link]{Markup.Escape(files.Html)}[/]");
