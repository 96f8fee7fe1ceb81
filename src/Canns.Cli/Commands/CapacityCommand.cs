using System.Diagnostics;
using System.Globalization;
using Canns.Analysis;
using Canns.Analysis.Reports;
using Canns.Cli.Rendering;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Cli.Commands;

/// <summary><c>canns capacity</c>: runs a storage-capacity study and writes its report, summary and data.</summary>
public sealed class CapacityCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "capacity";

    /// <inheritdoc />
    public string Summary => "storage-capacity study: recall vs. load α = P/N, written as an HTML report with data";

    /// <inheritdoc />
    public string Usage =>
        "--out DIR [--neurons 500] [--loads 0.02:0.30:0.02 | a,b,c] [--trials 10] [--noise 0.1] [--rule hebbian|hebbian-uncentered|antihebbian] " +
        "[--update sync|async] [--seed 0]";

    /// <inheritdoc />
    public int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr)
    {
        string outDir = arguments.String("out");
        var options = new CapacityStudyOptions
        {
            Neurons = [arguments.Int("neurons", 500)],
            Loads = ParseLoads(arguments.String("loads", "0.02:0.30:0.02")),
            Trials = arguments.Int("trials", 10),
            NoiseLevels = [arguments.Double("noise", 0.1)],
            Rules = [ParseRule(arguments.Choice("rule", "hebbian", "hebbian", "hebbian-uncentered", "antihebbian"))],
            UpdateModes = [arguments.Choice("update", "sync", "sync", "async") == "sync" ? UpdateMode.Synchronous : UpdateMode.Asynchronous],
            Seed = arguments.Int("seed", 0),
        };
        arguments.ThrowIfUnused();
        var plan = Checked(() => CapacityStudy.Plan(options));
        ReportOutput.EnsureWritable(outDir);

        var clock = Stopwatch.StartNew();
        var result = ConsoleProgress.Run($"Capacity study ({plan.Cells.Count} trials)", progress =>
            CapacityStudy.Summarize(plan, CapacityStudy.RunCells(plan, plan.Cells, ProgressAdapter.From(progress))));
        var files = CapacityReport.Write(result, outDir);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Capacity study: N = {options.Neurons[0]}, {plan.Points.Count} loads × {options.Trials} trials in {clock.Elapsed.TotalSeconds:F1} s."));
        foreach (var s in result.Points)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  α = {s.Point.Load,-6:0.####} P = {s.Point.Patterns,-5} overlap {s.MeanOverlap:F3} ± {s.OverlapStandardDeviation:F3}  exact {s.ExactRecallFraction:F2}  fixed {s.FixedPointFraction:F2}"));
        }
        stdout.WriteLine($"Report: {files.Html}");
        stdout.WriteLine($"Data:   {files.Json}, {string.Join(", ", files.Csv.Select(Path.GetFileName))}; summary: {Path.GetFileName(files.Markdown)}");
        return CliApp.Success;
    }

    /// <summary>Runs a validation, turning its exception into a usage error without the "(Parameter …)" suffix.</summary>
    internal static T Checked<T>(Func<T> validate)
    {
        try
        {
            return validate();
        }
        catch (ArgumentException e)
        {
            string suffix = e.ParamName is null ? "" : $" (Parameter '{e.ParamName}')";
            throw new CliUsageException(e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message);
        }
    }

    /// <summary>Parses <c>start:stop:step</c> (inclusive) or a comma-separated list of loads.</summary>
    internal static IReadOnlyList<double> ParseLoads(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length == 3)
        {
            var v = parts.Select(p => Number(p, text)).ToArray();
            return Checked(() => CapacityStudyOptions.LoadRange(v[0], v[1], v[2]));
        }
        if (parts.Length != 1) throw new CliUsageException($"option --loads needs start:stop:step or a comma-separated list, got '{text}'.");
        return text.Split(',').Select(p => Number(p, text)).ToArray();
    }

    private static double Number(string part, string whole) =>
        double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new CliUsageException($"option --loads has '{part}', not a finite number, in '{whole}'.");

    private static StorageRule ParseRule(string name) => name switch
    {
        "hebbian" => StorageRule.Hebbian,
        "hebbian-uncentered" => StorageRule.HebbianUncentered,
        _ => StorageRule.AntiHebbian,
    };
}
