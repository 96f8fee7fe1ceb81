// CapacityStudy: the quick storage-capacity study (N = 500, α = 0.02 … 0.30, 10 trials, 10 % noise) from C#,
// written as an HTML report with the raw data beside it.
using System.Diagnostics;
using Canns.Analysis;
using Canns.Analysis.Reports;
using Canns.Cli.Rendering;
using Canns.Trainers;
using Spectre.Console;

string outDir = args.Length > 0 ? args[0] : Path.Combine("reports", "capacity");
var options = new CapacityStudyOptions { Seed = 0 };   // the documented defaults: the quick study
var plan = CapacityStudy.Plan(options);                 // validates every option before any work
ReportOutput.EnsureWritable(outDir);                    // and the output directory

var clock = Stopwatch.StartNew();
var result = ConsoleProgress.Run($"Capacity study ({plan.Cells.Count} trials)", progress =>
{
    IProgress<AnalysisProgress>? sink = progress is null
        ? null
        : new Progress<AnalysisProgress>(p => progress.Report(new TrainingProgress(TrainingPhase.PredictingBatch, p.Completed, p.Total)));
    return CapacityStudy.Summarize(plan, CapacityStudy.RunCells(plan, plan.Cells, sink));
});
var files = CapacityReport.Write(result, outDir);

var table = new Table().Title($"Recall from {options.NoiseLevels[0]:P0} noise, N = {options.Neurons[0]}")
    .AddColumns("load α", "P", "mean overlap", "exact recall", "fixed points");
foreach (var s in result.Points)
{
    table.AddRow($"{s.Point.Load:0.00}", $"{s.Point.Patterns}", $"{s.MeanOverlap:F3} ± {s.OverlapStandardDeviation:F3}",
        $"{s.ExactRecallFraction:P0}", $"{s.FixedPointFraction:P0}");
}
AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"Done in {clock.Elapsed.TotalSeconds:F1} s. Theory: α_c ≈ {TheoreticalCapacity.CriticalLoad} (Amit, Gutfreund, Sompolinsky 1985).");
AnsiConsole.MarkupLine($"Report: [link]{Markup.Escape(files.Html)}[/]");
