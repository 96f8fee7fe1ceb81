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
        $"--out DIR [--neurons 500] [--loads 0.02:0.30:0.02 | a,b,c] [--trials 10] [--noise 0.1] [--rule {RuleChoices}] " +
        "[--update sync|async] [--seed 0] [--shard i/n]  (with --shard: run only shard i of n, 0-based, and write DIR/capacity-shard-i-of-n.json for canns merge)";

    /// <inheritdoc />
    public int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr)
    {
        string outDir = arguments.String("out");
        var options = new CapacityStudyOptions
        {
            Neurons = [AtLeast(arguments, "neurons", 500, 2)],
            Loads = ParseLoads(arguments.String("loads", "0.02:0.30:0.02")),
            Trials = AtLeast(arguments, "trials", 10, 1),
            NoiseLevels = [Fraction(arguments, "noise", 0.1)],
            Rules = [ReadRule(arguments)],
            UpdateModes = [arguments.Choice("update", "sync", "sync", "async") == "sync" ? UpdateMode.Synchronous : UpdateMode.Asynchronous],
            Seed = arguments.Int("seed", 0),
        };
        string? shardText = arguments.OptionalString("shard");
        arguments.ThrowIfUnused();
        ShardId? shard = shardText is null ? null : ParseShard(shardText);
        var plan = FlagNames.CheckedWords(() => CapacityStudy.Plan(options), ("Neurons", "neurons"), ("Loads", "loads"), ("Trials", "trials"),
            ("NoiseLevels", "noise"), ("Rules", "rule"), ("UpdateModes", "update"));
        ReportOutput.EnsureWritable(outDir);
        if (shard is { } id) return RunShard(plan, id, outDir, stdout);

        var clock = Stopwatch.StartNew();
        var result = ConsoleProgress.Run($"Capacity study ({plan.Cells.Count} trials)", progress =>
            CapacityStudy.Summarize(plan, CapacityStudy.RunCells(plan, plan.Cells, ProgressAdapter.From(progress))));
        var files = CapacityReport.Write(result, outDir);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Capacity study: N = {options.Neurons[0]}, {plan.Points.Count} loads × {options.Trials} trials in {clock.Elapsed.TotalSeconds:F1} s."));
        PrintResult(result, files, stdout);
        return CliApp.Success;
    }

    /// <summary>Runs one shard's cells and writes its data file instead of the report.</summary>
    private static int RunShard(CapacityStudyPlan plan, ShardId shard, string outDir, TextWriter stdout)
    {
        var cells = CapacityStudy.ShardCells(plan, shard);
        var clock = Stopwatch.StartNew();
        var results = ConsoleProgress.Run($"Capacity study, shard {shard} ({cells.Count} of {plan.Cells.Count} trials)", progress =>
            CapacityStudy.RunCells(plan, cells, ProgressAdapter.From(progress)));
        string path = CapacityShardFile.Write(new CapacityShard(shard, plan.Options, results), Path.Combine(outDir, CapacityShardFile.FileName(shard)));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Capacity study shard {shard}: {cells.Count} of {plan.Cells.Count} trials in {clock.Elapsed.TotalSeconds:F1} s."));
        stdout.WriteLine($"Shard:  {path}");
        stdout.WriteLine($"Merge every shard with: canns merge --out DIR --inputs {Path.GetDirectoryName(path)}");
        return CliApp.Success;
    }

    /// <summary>Prints the per-point lines and where the report went (shared with <c>canns merge</c>).</summary>
    internal static void PrintResult(CapacityStudyResult result, ReportFiles files, TextWriter stdout)
    {
        foreach (var s in result.Points)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  α = {s.Point.Load,-6:0.####} P = {s.Point.Patterns,-5} overlap {s.MeanOverlap:F3} ± {s.OverlapStandardDeviation:F3}  exact {s.ExactRecallFraction:F2}  fixed {s.FixedPointFraction:F2}"));
        }
        stdout.WriteLine($"Report: {files.Html}");
        stdout.WriteLine($"Data:   {files.Json}, {string.Join(", ", files.Csv.Select(Path.GetFileName))}; summary: {Path.GetFileName(files.Markdown)}");
    }

    /// <summary>Parses <c>--shard i/n</c>.</summary>
    internal static ShardId ParseShard(string text)
    {
        try
        {
            return ShardId.Parse(text);
        }
        catch (FormatException)
        {
            throw new CliUsageException($"option --shard needs i/n with 0 ≤ i < n and n ≥ 1 (e.g. 0/4), got '{text}'.");
        }
    }

    /// <summary>
    /// The integer <c>--name</c> (or <paramref name="fallback"/>), refused below <paramref name="min"/> with a message
    /// naming the flag; the options' own validation would name the property (<c>Trials (0) …</c>) instead.
    /// </summary>
    internal static int AtLeast(ArgumentReader arguments, string name, int fallback, int min)
    {
        int value = arguments.Int(name, fallback);
        return value >= min ? value : throw new CliUsageException($"option --{name} must be at least {min}, got {value}.");
    }

    /// <summary>The number <c>--name</c> (or <paramref name="fallback"/>), refused outside [0, 1] with a message naming the flag.</summary>
    private static double Fraction(ArgumentReader arguments, string name, double fallback)
    {
        double value = arguments.Double(name, fallback);
        return value is >= 0 and <= 1
            ? value : throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"option --{name} must be in [0, 1], got {value}."));
    }

    /// <summary>Parses <c>start:stop:step</c> (inclusive) or a comma-separated list of loads, each &gt; 0.</summary>
    internal static IReadOnlyList<double> ParseLoads(string text)
    {
        string[] parts = text.Split(':');
        IReadOnlyList<double> loads;
        if (parts.Length == 3)
        {
            var v = parts.Select(p => Number(p, text)).ToArray();
            loads = FlagNames.Checked(() => CapacityStudyOptions.LoadRange(v[0], v[1], v[2]));
        }
        else if (parts.Length == 1)
        {
            loads = text.Split(',').Select(p => Number(p, text)).ToArray();
        }
        else
        {
            throw new CliUsageException($"option --loads needs start:stop:step or a comma-separated list, got '{text}'.");
        }
        foreach (double load in loads)
        {
            if (load <= 0) throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"option --loads needs loads > 0, got {load} in '{text}'."));
        }
        return loads;
    }

    private static double Number(string part, string whole) =>
        double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new CliUsageException($"option --loads has '{part}', not a finite number, in '{whole}'.");

    /// <summary>The <c>--rule</c> names and the storage rules they stand for (shared with <c>canns energy-report</c>).</summary>
    private static readonly (string Name, StorageRule Rule)[] RuleTable =
    [
        ("hebbian", StorageRule.Hebbian), ("hebbian-uncentered", StorageRule.HebbianUncentered), ("antihebbian", StorageRule.AntiHebbian),
        ("storkey", StorageRule.Storkey), ("pseudoinverse", StorageRule.PseudoInverse), ("dense3", StorageRule.DenseCubic), ("dense-exp", StorageRule.DenseExponential),
    ];

    /// <summary>The <c>--rule</c> names for a usage text, <c>hebbian|hebbian-uncentered|…</c>.</summary>
    internal static string RuleChoices { get; } = string.Join("|", RuleTable.Select(r => r.Name));

    /// <summary>Reads <c>--rule</c> (default <c>hebbian</c>); an unknown name is a usage error listing the valid ones.</summary>
    internal static StorageRule ReadRule(ArgumentReader arguments)
    {
        string name = arguments.Choice("rule", "hebbian", RuleTable.Select(r => r.Name).ToArray());
        return RuleTable.Single(r => r.Name == name).Rule;
    }
}
