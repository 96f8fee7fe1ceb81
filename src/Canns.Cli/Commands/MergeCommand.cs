using System.Globalization;
using Canns.Analysis;
using Canns.Analysis.Reports;

namespace Canns.Cli.Commands;

/// <summary>
/// <c>canns merge</c>: reads the shard files written by <c>canns capacity --shard i/n</c>, checks that they make up one
/// whole study, and writes the same report as the unsharded run.
/// </summary>
public sealed class MergeCommand : ICliCommand
{
    /// <summary>The shard files a folder given to <c>--inputs</c> stands for.</summary>
    public const string ShardPattern = "capacity-shard-*-of-*.json";

    /// <inheritdoc />
    public string Name => "merge";

    /// <inheritdoc />
    public string Summary => "merge the shard files of canns capacity --shard i/n into the full capacity report";

    /// <inheritdoc />
    public string Usage =>
        $"--out DIR --inputs PATH[,PATH…]  (each PATH a shard file, or a folder standing for its {ShardPattern} files)";

    /// <inheritdoc />
    public int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr)
    {
        string outDir = arguments.String("out");
        string inputs = arguments.String("inputs");
        arguments.ThrowIfUnused();
        var paths = Resolve(inputs);
        var shards = paths.Select(CapacityShardFile.Read).ToArray();
        var byId = new Dictionary<ShardId, string>();
        for (int k = 0; k < shards.Length; k++)
        {
            if (!byId.TryAdd(shards[k].Shard, paths[k]))
            {
                throw new CliUsageException($"shard {shards[k].Shard} is given twice: {byId[shards[k].Shard]} and {paths[k]}.");
            }
        }
        var result = CapacityCommand.Checked(() => CapacityStudy.Merge(shards));
        var files = CapacityReport.Write(result, outDir);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Merged {shards.Length} shard(s): N = {string.Join(", ", result.Plan.Options.Neurons)}, {result.Points.Count} points × {result.Plan.Options.Trials} trials."));
        CapacityCommand.PrintResult(result, files, stdout);
        return CliApp.Success;
    }

    /// <summary>Splits <c>--inputs</c> on commas and expands folders to their shard files, sorted by name.</summary>
    internal static IReadOnlyList<string> Resolve(string inputs)
    {
        var paths = new List<string>();
        foreach (string part in inputs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Directory.Exists(part))
            {
                var found = Directory.GetFiles(part, ShardPattern).Order(StringComparer.Ordinal).ToArray();
                if (found.Length == 0) throw new CliUsageException($"--inputs {part}: the folder holds no shard files ({ShardPattern}).");
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
