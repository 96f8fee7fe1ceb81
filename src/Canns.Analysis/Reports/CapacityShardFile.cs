using System.Globalization;
using System.Text.Json;
using Canns.Models;
using static Canns.Analysis.Reports.ShardJson;

namespace Canns.Analysis.Reports;

/// <summary>
/// Saves and loads a <see cref="CapacityShard"/> as JSON (<c>"kind": "capacity-shard"</c>, schema in
/// docs/report-schema.md): the study's parameters, the shard id and the shard's per-cell results, numbers written so
/// that they read back bit for bit, so merged shards give byte-identical reports to the unsharded run.
/// </summary>
public static class CapacityShardFile
{
    /// <summary>The <c>kind</c> field of a shard file.</summary>
    public const string Kind = "capacity-shard";

    /// <summary>The file name <c>canns capacity --shard i/n</c> writes: <c>capacity-shard-i-of-n.json</c>.</summary>
    public static string FileName(ShardId shard) =>
        string.Create(CultureInfo.InvariantCulture, $"capacity-shard-{shard.Index}-of-{shard.Count}.json");

    /// <summary>Writes <paramref name="shard"/> to <paramref name="path"/> (its folder created if needed), through a temporary file moved into place.</summary>
    /// <returns>The file's full path.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The path is empty or invalid.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing is not permitted.</exception>
    public static string Write(CapacityShard shard, string path)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return ShardJson.WriteFile(path, () => Render(shard));
    }

    /// <summary>Reads a shard file.</summary>
    /// <exception cref="ArgumentException">The path is empty or invalid.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid shard file (the message names the file and the problem).</exception>
    public static CapacityShard Read(string path)
    {
        return Parse(ShardJson.ReadText(path), path);
    }

    /// <summary>The file's text.</summary>
    internal static string Render(CapacityShard shard) => Json.Write(w =>
    {
        ShardJson.WriteEnvelope(w, Kind, shard.Shard, shard.Producer);
        CapacityReport.WriteParameters(w, shard.Options);
        w.WriteStartArray("trials");
        foreach (var t in shard.Results) CapacityReport.WriteTrial(w, t);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Parses a shard file's text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">The text is not a valid shard file.</exception>
    internal static CapacityShard Parse(string text, string source) =>
        ShardJson.Parse(text, source, Kind, "capacity shard", (root, shard) =>
        {
            var options = ReadOptions(Get(root, "parameters", JsonValueKind.Object));
            var results = Get(root, "trials", JsonValueKind.Array).EnumerateArray().Select((t, k) => ReadTrial(t, k)).ToArray();
            CheckAgainstPlan(results, options);
            return new CapacityShard(shard, options, results) { Producer = ShardJson.Producer(root) };
        });

    private static CapacityStudyOptions ReadOptions(JsonElement p)
    {
        var options = new CapacityStudyOptions
        {
            Neurons = Get(p, "neurons", JsonValueKind.Array).EnumerateArray().Select(e => Int(e, "parameters.neurons[]")).ToArray(),
            Loads = Get(p, "loads", JsonValueKind.Array).EnumerateArray().Select(e => Number(e, "parameters.loads[]")).ToArray(),
            NoiseLevels = Get(p, "noiseLevels", JsonValueKind.Array).EnumerateArray().Select(e => Number(e, "parameters.noiseLevels[]")).ToArray(),
            Rules = Get(p, "rules", JsonValueKind.Array).EnumerateArray().Select(e => Rule(Str(e, "parameters.rules[]"))).ToArray(),
            UpdateModes = Get(p, "updateModes", JsonValueKind.Array).EnumerateArray().Select(e => Mode(Str(e, "parameters.updateModes[]"))).ToArray(),
            Trials = Int(p, "trials"),
            MaxIterations = Int(p, "maxIterations"),
            Seed = Int(p, "seed"),
        };
        // Only the ranges are checked here; the memory a cell needs is the business of the machine that runs it.
        var check = options.Clone();
        check.MemoryBudgetBytes = long.MaxValue;
        check.MaxDegreeOfParallelism = 1;
        ShardJson.CheckRanges(check.Validate);
        return options;
    }

    /// <summary>
    /// Each cell against the study the file's own parameters lay out: its point and trial exist, its seed and pattern
    /// count are that cell's, its mean iterations within the maximum, and no cell comes twice.
    /// </summary>
    private static void CheckAgainstPlan(CapacityTrialResult[] results, CapacityStudyOptions options)
    {
        var relaxed = options.Clone();
        relaxed.MemoryBudgetBytes = long.MaxValue;
        relaxed.MaxDegreeOfParallelism = 1;
        var plan = CapacityStudy.Plan(relaxed);
        int trials = options.Trials;
        var seen = new HashSet<int>();
        for (int k = 0; k < results.Length; k++)
        {
            var r = results[k];
            if (r.PointIndex >= plan.Points.Count || r.Trial >= trials)
            {
                throw new ShardFormatException($"trials[{k}] is (point {r.PointIndex}, trial {r.Trial}), outside the study's {plan.Points.Count} points × {trials} trials");
            }
            int cell = r.PointIndex * trials + r.Trial;
            var point = plan.Points[r.PointIndex];
            if (plan.Cells[cell].Seed != r.Seed)
            {
                throw new ShardFormatException($"trials[{k}] has seed {r.Seed}, but cell (point {r.PointIndex}, trial {r.Trial}) of the study has seed {plan.Cells[cell].Seed}");
            }
            if (r.Patterns != point.Patterns)
            {
                throw new ShardFormatException($"trials[{k}] has patterns {r.Patterns}, but point {r.PointIndex} of the study stores {point.Patterns}");
            }
            if (r.MeanIterations > options.MaxIterations)
            {
                throw new ShardFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"trials[{k}] has meanIterations {r.MeanIterations}, above the study's maxIterations ({options.MaxIterations})"));
            }
            if (!seen.Add(cell)) throw new ShardFormatException($"trials[{k}] repeats the cell (point {r.PointIndex}, trial {r.Trial})");
        }
    }

    private static CapacityTrialResult ReadTrial(JsonElement t, int k)
    {
        if (t.ValueKind != JsonValueKind.Object) throw new ShardFormatException($"trials[{k}] is not an object");
        var result = new CapacityTrialResult(Int(t, "point"), Int(t, "trial"), Int(t, "seed"), Int(t, "patterns"), Number(t, "meanOverlap"),
            Number(t, "meanSquaredOverlap"), Number(t, "minOverlap"), Int(t, "exactRecalls"), Int(t, "fixedPoints"), Number(t, "meanIterations"));
        if (result.PointIndex < 0 || result.Trial < 0 || result.Patterns < 1 || result.ExactRecalls < 0 || result.ExactRecalls > result.Patterns
            || result.FixedPoints < 0 || result.FixedPoints > result.Patterns)
        {
            throw new ShardFormatException($"trials[{k}] has out-of-range counts (point {result.PointIndex}, trial {result.Trial}, patterns {result.Patterns}, " +
                                           $"exactRecalls {result.ExactRecalls}, fixedPoints {result.FixedPoints})");
        }
        if (!(Math.Abs(result.MeanOverlap) <= 1 && Math.Abs(result.MinOverlap) <= 1 && result.MeanSquaredOverlap is >= 0 and <= 1 && result.MeanIterations >= 0))
        {
            throw new ShardFormatException($"trials[{k}] has out-of-range overlaps (meanOverlap {result.MeanOverlap}, meanSquaredOverlap {result.MeanSquaredOverlap}, " +
                                           $"minOverlap {result.MinOverlap}; each within [-1, 1]) or meanIterations {result.MeanIterations} < 0");
        }
        return result;
    }
}
