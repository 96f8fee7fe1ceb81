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
    public string Usage =>
        $"--out DIR [--neurons 200] [--patterns 10] [--rule {CapacityCommand.RuleChoices}] [--update async|sync] [--seed 0] [--shard i/n]  " +
        "(dense3 and dense-exp store in a dense associative memory and may take more patterns than neurons; " +
        "with --shard: run only shard i of n, 0-based, and write DIR/energy-shard-i-of-n.json for canns merge)";

    /// <inheritdoc />
    public int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr)
    {
        string outDir = arguments.String("out");
        var options = new EnergyAnalysisOptions
        {
            Neurons = CapacityCommand.AtLeast(arguments, "neurons", 200, 2),
            Patterns = CapacityCommand.AtLeast(arguments, "patterns", 10, 1),
            Rule = CapacityCommand.ReadRule(arguments),
            UpdateMode = arguments.Choice("update", "async", "async", "sync") == "sync" ? UpdateMode.Synchronous : UpdateMode.Asynchronous,
            Seed = arguments.Int("seed", 0),
        };
        string? shardText = arguments.OptionalString("shard");
        arguments.ThrowIfUnused();
        ShardId? shard = shardText is null ? null : CapacityCommand.ParseShard(shardText);
        FlagNames.Checked(options.Validate, ("Patterns", "patterns"), ("Neurons", "neurons"));
        ReportOutput.EnsureWritable(outDir);
        if (shard is { } id) return RunShard(options, id, outDir, stdout);

        var clock = Stopwatch.StartNew();
        var result = ConsoleProgress.Run("Energy analysis", progress => EnergyAnalysis.Run(options, ProgressAdapter.From(progress)));
        var files = EnergyReport.Write(result, outDir);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Energy analysis: N = {options.Neurons}, P = {options.Patterns} in {clock.Elapsed.TotalSeconds:F1} s."));
        PrintResult(result, files, stdout);
        return CliApp.Success;
    }

    /// <summary>Runs one shard's basin cells and census starts and writes its data file instead of the report.</summary>
    private static int RunShard(EnergyAnalysisOptions options, ShardId shard, string outDir, TextWriter stdout)
    {
        var clock = Stopwatch.StartNew();
        var result = ConsoleProgress.Run($"Energy analysis, shard {shard}", progress => EnergyAnalysis.RunShard(options, shard, ProgressAdapter.From(progress)));
        string path = EnergyShardFile.Write(result, Path.Combine(outDir, EnergyShardFile.FileName(shard)));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Energy analysis shard {shard}: N = {options.Neurons}, P = {options.Patterns}, {result.Basins.Count} basin cells and {result.Census.Count} census starts in {clock.Elapsed.TotalSeconds:F1} s."));
        stdout.WriteLine($"Shard:  {path}");
        stdout.WriteLine($"Merge every shard with: canns merge --out DIR --inputs {Path.GetDirectoryName(path)}");
        return CliApp.Success;
    }

    /// <summary>Prints the summary lines and where the report went (shared with <c>canns merge</c>).</summary>
    internal static void PrintResult(EnergyAnalysisResult result, ReportFiles files, TextWriter stdout)
    {
        var census = result.Census;
        string mixtures = result.States.Mixtures.Count > 0
            ? result.States.Mixtures.Average().ToString("F1", CultureInfo.InvariantCulture)
            : result.Options.Patterns < 3 ? "none (P < 3)" : "none";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  mean energy: stored {result.States.Stored.Average():F1}, 3-mixtures {mixtures}, random {result.States.Random.Average():F1}"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  census of {census.Starts} random starts: stored {census.Count(AttractorKind.Stored)}, inverted {census.Count(AttractorKind.Inverted)}, mixture {census.Count(AttractorKind.Mixture)}, other {census.Count(AttractorKind.Other)}"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  mean basin radius: {result.Basins.Average(b => b.Radius):F3} of N"));
        stdout.WriteLine($"Report: {files.Html}");
        stdout.WriteLine($"Data:   {files.Json}, {string.Join(", ", files.Csv.Select(Path.GetFileName))}; summary: {Path.GetFileName(files.Markdown)}");
    }
}
