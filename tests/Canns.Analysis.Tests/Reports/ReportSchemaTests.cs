using System.Text.Json;
using Canns.Analysis.Reports;

namespace Canns.Analysis.Tests.Reports;

/// <summary>The JSON files against docs/report-schema.md, schemaVersion 1.</summary>
public class ReportSchemaTests
{
    private static void Has(JsonElement e, string name, JsonValueKind kind)
    {
        Assert.That(e.TryGetProperty(name, out var v), Is.True, $"missing '{name}'");
        Assert.That(v.ValueKind, Is.EqualTo(kind), name);
    }

    private static void Numbers(JsonElement e, string name)
    {
        Has(e, name, JsonValueKind.Array);
        Assert.That(e.GetProperty(name).EnumerateArray().Select(x => x.ValueKind), NUnit.Framework.Has.All.EqualTo(JsonValueKind.Number), name);
    }

    private static void Theory(JsonElement t)
    {
        Has(t, "neurons", JsonValueKind.Number);
        Has(t, "figures", JsonValueKind.Array);
        Assert.That(t.GetProperty("figures").GetArrayLength(), Is.EqualTo(3));
        foreach (var f in t.GetProperty("figures").EnumerateArray())
        {
            foreach (string s in new[] { "name", "formula", "meaning", "source" }) Has(f, s, JsonValueKind.String);
            Has(f, "patterns", JsonValueKind.Number);
            Has(f, "load", JsonValueKind.Number);
        }
    }

    [Test]
    public void CapacityJson_FollowsSchemaVersion1()
    {
        var result = ReportTestData.CapacityShared;
        using var doc = JsonDocument.Parse(CapacityReport.Render(result)[2].Content);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("schemaVersion").GetInt32(), Is.EqualTo(ReportOutput.SchemaVersion).And.EqualTo(1));
        Assert.That(root.GetProperty("kind").GetString(), Is.EqualTo("capacity-study"));
        var p = root.GetProperty("parameters");
        Numbers(p, "neurons");
        Numbers(p, "loads");
        Numbers(p, "noiseLevels");
        Has(p, "rules", JsonValueKind.Array);
        Has(p, "updateModes", JsonValueKind.Array);
        foreach (string s in new[] { "trials", "maxIterations", "seed" }) Has(p, s, JsonValueKind.Number);
        foreach (var t in root.GetProperty("theory").EnumerateArray()) Theory(t);
        Assert.That(root.GetProperty("points").GetArrayLength(), Is.EqualTo(result.Points.Count));
        foreach (var point in root.GetProperty("points").EnumerateArray())
        {
            foreach (string s in new[] { "index", "neurons", "load", "patterns", "noise", "flippedBits", "trials", "meanOverlap", "overlapStd", "minOverlap",
                         "exactRecallFraction", "exactRecallStd", "fixedPointFraction", "meanIterations" })
            {
                Has(point, s, JsonValueKind.Number);
            }
            Has(point, "rule", JsonValueKind.String);
            Has(point, "updateMode", JsonValueKind.String);
        }
        Assert.That(root.GetProperty("trials").GetArrayLength(), Is.EqualTo(result.Trials.Count));
        foreach (var t in root.GetProperty("trials").EnumerateArray())
        {
            foreach (string s in new[] { "point", "trial", "seed", "patterns", "meanOverlap", "meanSquaredOverlap", "minOverlap", "exactRecalls", "fixedPoints", "meanIterations" })
            {
                Has(t, s, JsonValueKind.Number);
            }
        }
    }

    [Test]
    public void CapacityJson_NumbersRoundTripExactly()
    {
        var result = ReportTestData.CapacityShared;
        using var doc = JsonDocument.Parse(CapacityReport.Render(result)[2].Content);
        var first = doc.RootElement.GetProperty("trials")[0];
        Assert.That(first.GetProperty("meanSquaredOverlap").GetDouble(), Is.EqualTo(result.Trials[0].MeanSquaredOverlap));
    }

    [Test]
    public void EnergyJson_FollowsSchemaVersion1()
    {
        var result = ReportTestData.EnergyShared;
        using var doc = JsonDocument.Parse(EnergyReport.Render(result)[2].Content);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("schemaVersion").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("kind").GetString(), Is.EqualTo("energy-analysis"));
        var p = root.GetProperty("parameters");
        foreach (string s in new[] { "neurons", "patterns", "threshold", "maxIterations", "trajectories", "trajectoryNoise", "randomStates", "maxMixtures",
                     "basinTrials", "basinStep", "basinMaxFraction", "basinSuccessRate", "censusStarts", "seed" })
        {
            Has(p, s, JsonValueKind.Number);
        }
        Has(p, "updateMode", JsonValueKind.String);
        Theory(root.GetProperty("theory"));
        var w = root.GetProperty("weights");
        foreach (string s in new[] { "min", "max", "mean", "standardDeviation", "frobeniusNorm", "symmetryError", "diagonalMean", "diagonalMaxAbs" }) Has(w, s, JsonValueKind.Number);
        Numbers(w.GetProperty("offDiagonalHistogram"), "counts");
        Numbers(root, "patternEnergies");
        foreach (var t in root.GetProperty("trajectories").EnumerateArray())
        {
            Has(t, "pattern", JsonValueKind.Number);
            Has(t, "flippedBits", JsonValueKind.Number);
            Has(t, "finalOverlap", JsonValueKind.Number);
            Numbers(t, "energies");
        }
        var states = root.GetProperty("stateEnergies");
        foreach (string s in new[] { "stored", "inverted", "mixtures", "random" }) Numbers(states, s);
        foreach (var b in root.GetProperty("basins").EnumerateArray())
        {
            Has(b, "pattern", JsonValueKind.Number);
            Has(b, "radius", JsonValueKind.Number);
            Numbers(b, "flipFractions");
            Numbers(b, "successRates");
        }
        var c = root.GetProperty("census");
        foreach (string s in new[] { "starts", "stored", "inverted", "mixture", "other", "notConverged" }) Has(c, s, JsonValueKind.Number);
        Assert.That(c.GetProperty("stored").GetInt32() + c.GetProperty("inverted").GetInt32() + c.GetProperty("mixture").GetInt32() + c.GetProperty("other").GetInt32(),
            Is.EqualTo(c.GetProperty("starts").GetInt32()));
        Has(c, "finalKinds", JsonValueKind.Array);
        Numbers(c, "finalEnergies");
    }
}
