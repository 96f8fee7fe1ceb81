using System.Text.Json;
using Canns.Models;

namespace Canns.Analysis.Reports;

/// <summary>
/// Writing and reading shard files: the common envelope (<c>schemaVersion</c>, <c>kind</c>, <c>shard</c>), the file
/// itself, and typed field access whose every problem becomes an <see cref="InvalidDataException"/> that names the file.
/// </summary>
internal static class ShardJson
{
    /// <summary>
    /// Writes the text <paramref name="render"/> gives to <paramref name="path"/> (its folder created if needed), through
    /// a temporary file moved into place; the path is checked before anything is rendered.
    /// </summary>
    /// <returns>The file's full path.</returns>
    /// <exception cref="ArgumentException">The path is empty, invalid or names a folder.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing is not permitted.</exception>
    public static string WriteFile(string path, Func<string> render)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string name = Path.GetFileName(full);
        if (name.Length == 0) throw new ArgumentException($"The shard file path '{path}' names a folder, not a file.", nameof(path));
        return ReportOutput.WriteAll(Path.GetDirectoryName(full)!, [(name, render())])[0];
    }

    /// <summary>The text of the shard file at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty or invalid.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string ReadText(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such shard file.", path);
        return File.ReadAllText(path);
    }

    /// <summary>
    /// Opens the file's object and writes the envelope: the schema version, <paramref name="kind"/>, the producer (when
    /// known) and the shard.
    /// </summary>
    public static void WriteEnvelope(Utf8JsonWriter w, string kind, ShardId shard, string? producer)
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", ReportOutput.SchemaVersion);
        w.WriteString("kind", kind);
        if (producer is not null) w.WriteString("producer", producer);
        w.WriteStartObject("shard");
        w.WriteNumber("index", shard.Index);
        w.WriteNumber("count", shard.Count);
        w.WriteEndObject();
    }

    /// <summary>
    /// Parses <paramref name="text"/>, checks the schema version and that the kind is <paramref name="kind"/>, and
    /// reads the rest with <paramref name="read"/>; <paramref name="source"/> names the file in error messages and
    /// <paramref name="noun"/> (e.g. <c>capacity shard</c>) the kind of file it should be.
    /// </summary>
    /// <exception cref="InvalidDataException">The text is not a valid shard file of that kind.</exception>
    public static T Parse<T>(string text, string source, string kind, string noun, Func<JsonElement, ShardId, T> read)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ShardFormatException("the top level is not a JSON object");
            int version = Int(root, "schemaVersion");
            if (version != ReportOutput.SchemaVersion) throw new ShardFormatException($"schemaVersion {version} is not supported (this version reads {ReportOutput.SchemaVersion})");
            string found = Str(root, "kind");
            if (found != kind) throw new ShardFormatException($"kind is '{found}', not '{kind}'");
            var shardElement = Get(root, "shard", JsonValueKind.Object);
            int index = Int(shardElement, "index"), count = Int(shardElement, "count");
            if (count < 1 || index < 0 || index >= count) throw new ShardFormatException($"shard {index}/{count} needs 0 ≤ index < count");
            return read(root, new ShardId(index, count));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not {("aeiou".Contains(noun[0]) ? "an" : "a")} {noun} file: {e.Message}", e);
        }
        catch (ShardFormatException e)
        {
            throw new InvalidDataException($"{source}: not a valid {noun} file: {e.Message}.", e);
        }
    }

    /// <summary>The optional <c>producer</c> string of a shard file's envelope: null when absent (files written before it existed).</summary>
    public static string? Producer(JsonElement root)
    {
        if (!root.TryGetProperty("producer", out var v)) return null;
        if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
        {
            throw new ShardFormatException($"'producer' must be a non-empty string, got {v.GetRawText()}");
        }
        return v.GetString();
    }

    /// <summary>The field <paramref name="name"/>, which must be of <paramref name="kind"/>.</summary>
    public static JsonElement Get(JsonElement e, string name, JsonValueKind kind)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) throw new ShardFormatException($"'{name}' is missing");
        if (v.ValueKind != kind) throw new ShardFormatException($"'{name}' is {v.ValueKind}, not {kind}");
        return v;
    }

    /// <summary>The elements of the array field <paramref name="name"/>, each of which must be an object.</summary>
    public static IEnumerable<JsonElement> Objects(JsonElement e, string name) =>
        Get(e, name, JsonValueKind.Array).EnumerateArray().Select((x, k) =>
            x.ValueKind == JsonValueKind.Object ? x : throw new ShardFormatException($"{name}[{k}] is not an object"));

    /// <summary>An integer field (or, with a path-like name ending in [], the element itself).</summary>
    public static int Int(JsonElement e, string name)
    {
        var v = name.EndsWith("[]", StringComparison.Ordinal) ? e : Get(e, name, JsonValueKind.Number);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int x)) throw new ShardFormatException($"'{name}' must be a 32-bit integer, got {v.GetRawText()}");
        return x;
    }

    /// <summary>A finite number field (or, with a path-like name ending in [], the element itself).</summary>
    public static double Number(JsonElement e, string name)
    {
        var v = name.EndsWith("[]", StringComparison.Ordinal) ? e : Get(e, name, JsonValueKind.Number);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double x) || !double.IsFinite(x)) throw new ShardFormatException($"'{name}' must be a finite number, got {v.GetRawText()}");
        return x;
    }

    /// <summary>A string field (or, with a path-like name ending in [], the element itself).</summary>
    public static string Str(JsonElement e, string name)
    {
        var v = name.EndsWith("[]", StringComparison.Ordinal) ? e : Get(e, name, JsonValueKind.String);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new ShardFormatException($"'{name}' must be a string, got {v.GetRawText()}");
    }

    /// <summary>A boolean field.</summary>
    public static bool Bool(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) throw new ShardFormatException($"'{name}' is missing");
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ShardFormatException($"'{name}' must be true or false, got {v.GetRawText()}"),
        };
    }

    /// <summary>An update mode as reports spell it.</summary>
    public static UpdateMode Mode(string name) => name switch
    {
        "sync" => UpdateMode.Synchronous,
        "async" => UpdateMode.Asynchronous,
        _ => throw new ShardFormatException($"update mode '{name}' is unknown (sync, async)"),
    };

    /// <summary>A storage rule as reports (and the CLI's <c>--rule</c>) spell it.</summary>
    public static StorageRule Rule(string name) =>
        Text.ParseRule(name) ?? throw new ShardFormatException($"rule '{name}' is unknown ({string.Join(", ", Text.RuleNames)})");

    /// <summary>Runs an options validation, turning its exception into a format problem.</summary>
    public static void CheckRanges(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ShardFormatException($"its parameters are out of range: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal).TrimEnd('.')}");
        }
    }
}

/// <summary>A problem found while reading a shard file, turned into an <see cref="InvalidDataException"/> naming the file.</summary>
internal sealed class ShardFormatException(string message) : Exception(message);
