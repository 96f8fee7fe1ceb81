using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// The files of a <see cref="PlasticityTrainer"/> checkpoint: <c>W.npy</c> (N × N), <c>network.npy</c> (the network's
/// dynamic state, 7 × N), <c>trainer.npy</c> (θ, activity since the last application, the homeostatic window; 3 × N) and
/// <c>checkpoint.json</c> (counters, the network's fingerprint and the caller's metadata); with selective plasticity also
/// <c>eligibility.npy</c> (N × N); with input weights <c>W_in.npy</c> (N × M), and when the trainer trains them
/// <c>input_active.npy</c> (1 × M, the channels active since the last application), and with metaplasticity too
/// <c>input_rates.npy</c> (1 × M, the channels' running activity rates).
/// </summary>
internal static class PlasticityCheckpoint
{
    public const string Kind = "canns-plasticity-checkpoint";
    public const int SchemaVersion = 1;
    public const string WeightsFile = "W.npy", NetworkFile = "network.npy", TrainerFile = "trainer.npy", TracesFile = "eligibility.npy", MetadataFile = "checkpoint.json";

    /// <summary>The co-activation counts' file, present when the trainer tracks them.</summary>
    public const string CoactivationsFile = "coactivations.npy";

    /// <summary>The input weights' file, and the input channels' activity flags' file.</summary>
    public const string InputWeightsFile = "W_in.npy", InputActiveFile = "input_active.npy";

    /// <summary>The running activity rate of each input channel (BCM on W_in), when the trainer keeps one.</summary>
    public const string InputRatesFile = "input_rates.npy";

    /// <summary>SHA-256 of the connectivity mask and the transmission signs: a checkpoint only loads into a network with the same synapses.</summary>
    public static string Fingerprint(RecurrentSpikingNetwork network)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(network.Mask));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(network.TransmissionSigns));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Writes the files into a fresh folder beside <paramref name="directory"/>, then swaps it into place, so a failure
    /// part-way leaves the previous checkpoint (if any) whole.
    /// </summary>
    public static void Write(string directory, Matrix weights, Matrix network, Matrix trainer, Matrix? traces, Matrix? coactivations, Action<Utf8JsonWriter> writeJson,
        IReadOnlyList<(string File, Matrix Values)>? more = null)
    {
        string full = Path.GetFullPath(directory);
        string parent = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{directory} has no parent folder.", nameof(directory));
        if (File.Exists(full)) throw new IOException($"The checkpoint folder '{full}' is a file.");
        Directory.CreateDirectory(parent);
        string temp = Path.Combine(parent, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            Npy.Write(Path.Combine(temp, WeightsFile), weights);
            Npy.Write(Path.Combine(temp, NetworkFile), network);
            Npy.Write(Path.Combine(temp, TrainerFile), trainer);
            if (traces is not null) Npy.Write(Path.Combine(temp, TracesFile), traces);
            if (coactivations is not null) Npy.Write(Path.Combine(temp, CoactivationsFile), coactivations);
            foreach (var (file, values) in more ?? []) Npy.Write(Path.Combine(temp, file), values);
            using (var stream = File.Create(Path.Combine(temp, MetadataFile)))
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writeJson(writer);
            }
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
        Swap(temp, full, parent);
    }

    /// <summary>
    /// Puts the written folder <paramref name="temp"/> in place of <paramref name="full"/>: the previous checkpoint is
    /// moved aside first and moved back if the new one cannot take its place; once the new one is in place, failing to
    /// delete the old one leaves it aside under a hidden name rather than failing the save.
    /// </summary>
    internal static void Swap(string temp, string full, string parent)
    {
        string? old = null;
        try
        {
            if (Directory.Exists(full))
            {
                old = Path.Combine(parent, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.old");
                Directory.Move(full, old);
            }
            Directory.Move(temp, full);
        }
        catch
        {
            if (old is not null && !Directory.Exists(full) && Directory.Exists(old)) Directory.Move(old, full);
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
        if (old is null) return;
        try
        {
            Directory.Delete(old, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The new checkpoint is in place and whole; the old one stays aside under its hidden name.
        }
    }

    /// <summary>Reads <c>checkpoint.json</c>; every problem is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static T ReadJson<T>(string directory, Func<JsonElement, T> read)
    {
        string path = Path.Combine(directory, MetadataFile);
        string text = File.ReadAllText(path, Encoding.UTF8);
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("the top level is not a JSON object");
            if (!root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != Kind)
            {
                throw new InvalidDataException($"kind is not '{Kind}'");
            }
            int version = root.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out int n) ? n : -1;
            if (version != SchemaVersion) throw new InvalidDataException($"schemaVersion {version} is not supported (this version reads {SchemaVersion})");
            return read(root);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a valid plasticity checkpoint: {e.Message}", e);
        }
    }

    /// <summary>
    /// The caller's metadata of the checkpoint in <paramref name="directory"/>, read without loading anything, so a caller
    /// can check it before <see cref="PlasticityTrainer.LoadCheckpoint"/> changes the trainer.
    /// </summary>
    /// <exception cref="InvalidDataException"><c>checkpoint.json</c> is not a valid plasticity checkpoint's.</exception>
    /// <exception cref="IOException">It cannot be read.</exception>
    public static Dictionary<string, string> ReadMetadata(string directory) => ReadJson(Path.GetFullPath(directory), Metadata);

    /// <summary>The <c>metadata</c> object of a checkpoint's JSON (empty when absent); its values must be strings.</summary>
    public static Dictionary<string, string> Metadata(JsonElement root)
    {
        var meta = new Dictionary<string, string>();
        if (root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in m.EnumerateObject()) meta[property.Name] = property.Value.GetString() ?? "";
        }
        return meta;
    }

    /// <summary>Reads an .npy file and checks its shape and that every value is finite.</summary>
    public static Matrix ReadMatrix(string directory, string file, int rows, int columns)
    {
        string path = Path.Combine(directory, file);
        var m = Npy.Read(path);
        if (m.Rows != rows || m.Columns != columns)
        {
            throw new InvalidDataException($"{path}: shape ({m.Rows}, {m.Columns}) where the network and trainer need ({rows}, {columns}).");
        }
        var span = m.AsSpan();
        for (int k = 0; k < span.Length; k++)
        {
            if (!float.IsFinite(span[k])) throw new InvalidDataException($"{path}: non-finite value {span[k]} at row {k / Math.Max(columns, 1)}, column {k % Math.Max(columns, 1)}.");
        }
        return m;
    }

    public static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var p) && p.TryGetInt64(out long value) && value >= 0
            ? value
            : throw new InvalidDataException($"'{name}' is missing or not a non-negative integer");

    public static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()!
            : throw new InvalidDataException($"'{name}' is missing or not a string");
}
