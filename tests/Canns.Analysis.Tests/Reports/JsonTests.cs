using System.Text.Json;
using Canns.Analysis.Reports;

namespace Canns.Analysis.Tests.Reports;

public class JsonTests
{
    [Test]
    public void Number_AndNumbers_WriteNaNAndInfinityAsNullAndFiniteValuesExactly()
    {
        // JSON has no NaN or ∞ (Utf8JsonWriter refuses them): a report writes null in their place.
        string text = Json.Write(w =>
        {
            w.WriteStartObject();
            w.Number("nan", double.NaN);
            w.Number("inf", double.NegativeInfinity);
            w.Number("finite", 0.1);
            w.Numbers("list", [1.5, double.PositiveInfinity, double.NaN, -2]);
            w.WriteEndObject();
        });

        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("nan").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("inf").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("finite").GetDouble(), Is.EqualTo(0.1), "shortest round-trip text reads back the same double");
        var list = root.GetProperty("list").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (double?)null : e.GetDouble()).ToArray();
        Assert.That(list, Is.EqualTo(new double?[] { 1.5, null, null, -2 }));
        Assert.That(text, Does.EndWith("}\n"));
    }
}
