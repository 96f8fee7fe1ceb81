using System.Text.Json;

namespace Canns.Analysis.Reports;

/// <summary>Telling shard files apart: which study (<see cref="CapacityShardFile"/> or <see cref="EnergyShardFile"/>) wrote one.</summary>
public static class ShardFiles
{
    /// <summary>The <c>kind</c> of every shard file: <c>capacity-shard</c>, <c>energy-shard</c>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [CapacityShardFile.Kind, EnergyShardFile.Kind];

    /// <summary>The file names the CLI gives shards, as search patterns: <c>capacity-shard-*-of-*.json</c>, <c>energy-shard-*-of-*.json</c>.</summary>
    public static IReadOnlyList<string> NamePatterns { get; } = ["capacity-shard-*-of-*.json", "energy-shard-*-of-*.json"];

    /// <summary>Reads the <c>kind</c> field of a shard file, one of <see cref="Kinds"/>, without reading the rest.</summary>
    /// <exception cref="ArgumentException">The path is empty or invalid.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is not JSON or its kind is not a shard kind (the message names the file).</exception>
    public static string ReadKind(string path)
    {
        string text = ShardJson.ReadText(path);
        string? kind;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            kind = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a shard file: {e.Message}", e);
        }
        if (kind is null || !Kinds.Contains(kind))
        {
            string found = kind is null ? "it has no string 'kind'" : $"its kind is '{kind}'";
            throw new InvalidDataException($"{path}: not a shard file: {found}, not one of {string.Join(", ", Kinds)}.");
        }
        return kind;
    }
}
