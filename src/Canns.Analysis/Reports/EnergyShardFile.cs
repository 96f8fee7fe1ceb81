using System.Globalization;
using System.Text.Json;
using static Canns.Analysis.Reports.ShardJson;

namespace Canns.Analysis.Reports;

/// <summary>
/// Saves and loads an <see cref="EnergyShard"/> as JSON (<c>"kind": "energy-shard"</c>, schema in
/// docs/report-schema.md): the analysis's parameters, the shard id, and the shard's basin cells and census starts,
/// numbers written so that they read back bit for bit, so merged shards give byte-identical reports to the unsharded run.
/// </summary>
public static class EnergyShardFile
{
    /// <summary>The <c>kind</c> field of an energy shard file.</summary>
    public const string Kind = "energy-shard";

    /// <summary>The file name <c>canns energy-report --shard i/n</c> writes: <c>energy-shard-i-of-n.json</c>.</summary>
    public static string FileName(ShardId shard) =>
        string.Create(CultureInfo.InvariantCulture, $"energy-shard-{shard.Index}-of-{shard.Count}.json");

    /// <summary>Writes <paramref name="shard"/> to <paramref name="path"/> (its folder created if needed), through a temporary file moved into place.</summary>
    /// <returns>The file's full path.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The path is empty or invalid.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing is not permitted.</exception>
    public static string Write(EnergyShard shard, string path)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return ShardJson.WriteFile(path, () => Render(shard));
    }

    /// <summary>Reads an energy shard file.</summary>
    /// <exception cref="ArgumentException">The path is empty or invalid.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid energy shard file (the message names the file and the problem).</exception>
    public static EnergyShard Read(string path)
    {
        return Parse(ShardJson.ReadText(path), path);
    }

    /// <summary>The file's text.</summary>
    internal static string Render(EnergyShard shard) => Json.Write(w =>
    {
        ShardJson.WriteEnvelope(w, Kind, shard.Shard, shard.Producer);
        EnergyReport.WriteParameters(w, shard.Options, heatmapSize: true);
        w.WriteStartArray("basinCells");
        foreach (var c in shard.Basins)
        {
            w.WriteStartObject();
            w.WriteNumber("pattern", c.Pattern);
            w.WriteNumber("fraction", c.FractionIndex);
            w.WriteNumber("successes", c.Successes);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("censusStarts");
        foreach (var c in shard.Census)
        {
            w.WriteStartObject();
            w.WriteNumber("start", c.Start);
            w.WriteString("kind", Text.Name(c.Kind));
            w.Number("energy", c.Energy);
            w.WriteBoolean("converged", c.Converged);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Parses a shard file's text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">The text is not a valid energy shard file.</exception>
    internal static EnergyShard Parse(string text, string source) =>
        ShardJson.Parse(text, source, Kind, "energy shard", (root, shard) =>
        {
            var options = ReadOptions(Get(root, "parameters", JsonValueKind.Object));
            var basins = Objects(root, "basinCells").Select((c, k) => ReadCell(c, k, options)).ToArray();
            var census = Objects(root, "censusStarts").Select((c, k) => ReadStart(c, k, options)).ToArray();
            // Each cell and start once: the merge would refuse a repeat too, but here the message can name the entry.
            var cells = new HashSet<(int, int)>();
            for (int k = 0; k < basins.Length; k++)
            {
                if (!cells.Add((basins[k].Pattern, basins[k].FractionIndex)))
                {
                    throw new ShardFormatException($"basinCells[{k}] repeats the cell (pattern {basins[k].Pattern}, fraction {basins[k].FractionIndex})");
                }
            }
            var starts = new HashSet<int>();
            for (int k = 0; k < census.Length; k++)
            {
                if (!starts.Add(census[k].Start)) throw new ShardFormatException($"censusStarts[{k}] repeats start {census[k].Start}");
            }
            return new EnergyShard(shard, options, basins, census) { Producer = ShardJson.Producer(root) };
        });

    private static EnergyAnalysisOptions ReadOptions(JsonElement p)
    {
        double threshold = Number(p, "threshold");
        var options = new EnergyAnalysisOptions
        {
            Neurons = Int(p, "neurons"),
            Patterns = Int(p, "patterns"),
            // Shard files written before the rule was an option have none: they were all Hebbian.
            Rule = p.TryGetProperty("rule", out _) ? Rule(Str(p, "rule")) : StorageRule.Hebbian,
            UpdateMode = Mode(Str(p, "updateMode")),
            Threshold = (float)threshold,
            MaxIterations = Int(p, "maxIterations"),
            Trajectories = Int(p, "trajectories"),
            TrajectoryNoise = Number(p, "trajectoryNoise"),
            RandomStates = Int(p, "randomStates"),
            MaxMixtures = Int(p, "maxMixtures"),
            BasinTrials = Int(p, "basinTrials"),
            BasinStep = Number(p, "basinStep"),
            BasinMaxFraction = Number(p, "basinMaxFraction"),
            BasinSuccessRate = Number(p, "basinSuccessRate"),
            CensusStarts = Int(p, "censusStarts"),
            Seed = Int(p, "seed"),
            HeatmapSize = Int(p, "heatmapSize"),
        };
        // Only the ranges are checked here; the memory the probes need is the business of the machine that runs them.
        CheckRanges(() => options.Validate(checkMemory: false));
        return options;
    }

    /// <summary>A basin cell, checked against the file's own parameters (the grid of patterns × flip fractions, the trials).</summary>
    private static BasinCellResult ReadCell(JsonElement c, int k, EnergyAnalysisOptions options)
    {
        var cell = new BasinCellResult(Int(c, "pattern"), Int(c, "fraction"), Int(c, "successes"));
        if (cell.Pattern < 0 || cell.FractionIndex < 0 || cell.Successes < 0)
        {
            throw new ShardFormatException($"basinCells[{k}] has a negative value (pattern {cell.Pattern}, fraction {cell.FractionIndex}, successes {cell.Successes})");
        }
        if (cell.Pattern >= options.Patterns || cell.FractionIndex >= options.BasinFractions)
        {
            throw new ShardFormatException($"basinCells[{k}] is (pattern {cell.Pattern}, fraction {cell.FractionIndex}), outside the analysis's " +
                                           $"{options.Patterns} patterns × {options.BasinFractions} flip fractions");
        }
        if (cell.Successes > options.BasinTrials)
        {
            throw new ShardFormatException($"basinCells[{k}] has {cell.Successes} successes out of {options.BasinTrials} basin trials");
        }
        return cell;
    }

    /// <summary>A census start, checked against the file's own parameters (the number of starts) and for a kind its convergence allows.</summary>
    private static CensusStartResult ReadStart(JsonElement c, int k, EnergyAnalysisOptions options)
    {
        int start = Int(c, "start");
        if (start < 0) throw new ShardFormatException($"censusStarts[{k}] has a negative start ({start})");
        if (start >= options.CensusStarts) throw new ShardFormatException($"censusStarts[{k}] has start {start}, outside the analysis's {options.CensusStarts} census starts");
        string name = Str(c, "kind");
        var kind = Enum.GetValues<AttractorKind>().Where(a => Text.Name(a) == name).Cast<AttractorKind?>().FirstOrDefault()
            ?? throw new ShardFormatException($"censusStarts[{k}] has kind '{name}', which is unknown ({string.Join(", ", Enum.GetValues<AttractorKind>().Select(Text.Name))})");
        var result = new CensusStartResult(start, kind, Number(c, "energy"), Bool(c, "converged"));
        if (!result.Converged && kind != AttractorKind.Other)
        {
            throw new ShardFormatException($"censusStarts[{k}] has kind '{name}' though it did not converge (which counts as {Text.Name(AttractorKind.Other)})");
        }
        return result;
    }
}
