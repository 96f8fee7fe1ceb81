using System.Text;
using System.Text.Json;

namespace Canns.Analysis.Reports;

/// <summary>Writes report JSON with <see cref="Utf8JsonWriter"/>: indented, "\n" line ends, shortest round-trip numbers, no reflection.</summary>
internal static class Json
{
    /// <summary>Runs <paramref name="write"/> on a fresh writer and returns the text (with a final newline).</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true, NewLine = "\n", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes a number, or null when it is NaN or infinite (JSON has no such numbers).</summary>
    public static void Number(this Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteNull(name);
    }

    /// <summary>Writes an array of numbers.</summary>
    public static void Numbers(this Utf8JsonWriter writer, string name, IEnumerable<double> values)
    {
        writer.WriteStartArray(name);
        foreach (double v in values)
        {
            if (double.IsFinite(v)) writer.WriteNumberValue(v);
            else writer.WriteNullValue();
        }
        writer.WriteEndArray();
    }

    /// <summary>Writes the theoretical capacity figures for N.</summary>
    public static void Theory(this Utf8JsonWriter writer, int neurons)
    {
        writer.WriteStartObject();
        writer.WriteNumber("neurons", neurons);
        writer.WriteStartArray("figures");
        foreach (var f in TheoreticalCapacity.For(neurons))
        {
            writer.WriteStartObject();
            writer.WriteString("name", f.Name);
            writer.Number("patterns", f.Patterns);
            writer.Number("load", f.Load);
            writer.WriteString("formula", f.Formula);
            writer.WriteString("meaning", f.Meaning);
            writer.WriteString("source", f.Source);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
