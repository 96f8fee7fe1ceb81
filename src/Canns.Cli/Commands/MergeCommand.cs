using System.Globalization;
using Canns.Analysis;
using Canns.Analysis.Reports;
using Canns.Cli.Rendering;

namespace Canns.Cli.Commands;

/// <summary>
/// <c>canns merge</c>: reads the shard files written by <c>canns capacity --shard i/n</c> or
/// <c>canns energy-report --shard i/n</c>, checks that they make up one whole study or analysis, and writes the same
/// report as the unsharded run. The kind of study is read from the files, not from their names.
/// </summary>
public sealed class MergeCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "merge";

    /// <inheritdoc />
    public string Summary => "merge the shard files of canns capacity or energy-report --shard i/n into the full report";

    /// <inheritdoc />
    public string Usage =>
        $"--out DIR --inputs PATH[,PATH…]  (each PATH a shard file, or a folder standing for its {string.Join(" and ", ShardFiles.NamePatterns)} files; " +
        "all of one kind)";

    /// <inheritdoc />
    public int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr)
    {
        string outDir = arguments.String("out");
        string inputs = arguments.String("inputs");
        arguments.ThrowIfUnused();
        CheckOutputFolder(outDir);
        var paths = Resolve(inputs);
        var kinds = paths.Select(ShardFiles.ReadKind).ToArray();
        var distinct = kinds.Distinct().ToArray();
        if (distinct.Length > 1)
        {
            string Example(string kind) => $"{Noun(kind)} ({paths[Array.IndexOf(kinds, kind)]})";
            throw new CliUsageException($"--inputs mixes {string.Join(" and ", distinct.Select(Example))}; merge one study at a time.");
        }
        return distinct[0] == EnergyShardFile.Kind ? MergeEnergy(paths, outDir, stdout) : MergeCapacity(paths, outDir, stdout);
    }

    private static string Noun(string kind) => kind == EnergyShardFile.Kind ? "energy shards" : "capacity shards";

    private static int MergeCapacity(IReadOnlyList<string> paths, string outDir, TextWriter stdout)
    {
        var shards = paths.Select(CapacityShardFile.Read).ToArray();
        ThrowIfGivenTwice(shards.Select(s => s.Shard).ToArray(), paths);
        var result = FlagNames.Checked(() => CapacityStudy.Merge(shards));
        var files = CapacityReport.Write(result, outDir);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Merged {shards.Length} shard(s): N = {string.Join(", ", result.Plan.Options.Neurons)}, {result.Points.Count} points × {result.Plan.Options.Trials} trials."));
        CapacityCommand.PrintResult(result, files, stdout);
        return CliApp.Success;
    }

    private static int MergeEnergy(IReadOnlyList<string> paths, string outDir, TextWriter stdout)
    {
        var shards = paths.Select(EnergyShardFile.Read).ToArray();
        ThrowIfGivenTwice(shards.Select(s => s.Shard).ToArray(), paths);
        var result = ConsoleProgress.Run($"Merging {shards.Length} energy shard(s)", progress =>
            FlagNames.Checked(() => EnergyAnalysis.Merge(shards, ProgressAdapter.From(progress))));
        var files = EnergyReport.Write(result, outDir);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Merged {shards.Length} energy shard(s): N = {result.Options.Neurons}, P = {result.Options.Patterns}."));
        EnergyReportCommand.PrintResult(result, files, stdout);
        return CliApp.Success;
    }

    private static void ThrowIfGivenTwice(IReadOnlyList<ShardId> ids, IReadOnlyList<string> paths)
    {
        var byId = new Dictionary<ShardId, string>();
        for (int k = 0; k < ids.Count; k++)
        {
            if (!byId.TryAdd(ids[k], paths[k])) throw new CliUsageException($"shard {ids[k]} is given twice: {byId[ids[k]]} and {paths[k]}.");
        }
    }

    /// <summary>
    /// Fails before any shard is read when <c>--out</c> is a file or lies under one. The folder itself is created and
    /// probed only when the report is written, so shards that do not make up a whole study leave nothing behind.
    /// </summary>
    private static void CheckOutputFolder(string outDir)
    {
        for (string? path = Path.GetFullPath(outDir); path is not null && !Directory.Exists(path); path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path)) throw new CliUsageException($"--out {outDir}: {path} is a file, not a folder.");
        }
    }

    /// <summary>Splits <c>--inputs</c> on commas and expands folders to their shard files of either kind, sorted by name.</summary>
    internal static IReadOnlyList<string> Resolve(string inputs)
    {
        var paths = new List<string>();
        foreach (string part in inputs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Directory.Exists(part))
            {
                var found = ShardFiles.NamePatterns.SelectMany(p => Directory.GetFiles(part, p)).Order(StringComparer.Ordinal).ToArray();
                if (found.Length == 0) throw new CliUsageException($"--inputs {part}: the folder holds no shard files ({string.Join(", ", ShardFiles.NamePatterns)}).");
                paths.AddRange(found);
            }
            else if (File.Exists(part))
            {
                paths.Add(part);
            }
            else
            {
                throw new CliUsageException($"--inputs {part}: no such file or folder.");
            }
        }
        if (paths.Count == 0) throw new CliUsageException("option --inputs names no shard files.");
        return paths;
    }
}
