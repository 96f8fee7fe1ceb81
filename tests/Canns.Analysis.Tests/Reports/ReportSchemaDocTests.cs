using System.Text.Json;
using System.Text.RegularExpressions;
using Canns.Analysis.Reports;

namespace Canns.Analysis.Tests.Reports;

/// <summary>
/// docs/report-schema.md against the files the code writes: every JSON property of a file is named in that file's
/// section, every field the section's tables list is written, and every CSV header is the one the page gives.
/// </summary>
public class ReportSchemaDocTests
{
    private static readonly Lazy<string> Page = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Canns.slnx"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "repository root (Canns.slnx) not found above the test output");
        return File.ReadAllText(Path.Combine(dir!.FullName, "docs", "report-schema.md"));
    });

    /// <summary>The text of the section whose heading ends with <c>`fileName`</c>, up to the next section.</summary>
    private static string Section(string fileName)
    {
        var m = Regex.Match(Page.Value, $@"^## [^\n]*`{Regex.Escape(fileName)}`\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.That(m.Success, Is.True, $"report-schema.md has a section for {fileName}");
        return m.Groups["body"].Value;
    }

    private static IEnumerable<string> TableRows(string section) => section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal));

    /// <summary>Every <c>`name`</c>, <c>`name[]`</c> or <c>`a.b[].c`</c> in the text, split into its property names.</summary>
    private static HashSet<string> Names(IEnumerable<string> text) =>
        text.SelectMany(t => Regex.Matches(t, @"`(?<n>[a-z][A-Za-z0-9]*(?:\[\])?(?:\.[a-z][A-Za-z0-9]*(?:\[\])?)*)`").Select(m => m.Groups["n"].Value))
            .SelectMany(n => n.Replace("[]", "").Split('.')).ToHashSet();

    private static HashSet<string> JsonNames(string json)
    {
        var names = new HashSet<string>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    names.Add(p.Name);
                    Walk(p.Value);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray()) Walk(x);
            }
        }
        using var doc = JsonDocument.Parse(json);
        Walk(doc.RootElement);
        return names;
    }

    private static IEnumerable<TestCaseData> Files()
    {
        yield return new TestCaseData("capacity.json", (Func<string>)(() => CapacityReport.Render(ReportTestData.CapacityShared).Single(f => f.Name == "capacity.json").Content));
        yield return new TestCaseData("energy.json", (Func<string>)(() => EnergyReport.Render(ReportTestData.EnergyShared).Single(f => f.Name == "energy.json").Content));
        yield return new TestCaseData("capacity-shard-i-of-n.json", (Func<string>)(() => CapacityShardFile.Render(
            CapacityStudy.RunShard(new CapacityStudyOptions { Neurons = [32], Loads = [0.05, 0.1], Trials = 2, Seed = 3 }, new ShardId(0, 2)))));
        yield return new TestCaseData("energy-shard-i-of-n.json", (Func<string>)(() => EnergyShardFile.Render(EnergyAnalysis.RunShard(new EnergyAnalysisOptions
        {
            Neurons = 30, Patterns = 3, Seed = 3, RandomStates = 10, BasinTrials = 2, BasinStep = 0.1, CensusStarts = 6, HeatmapSize = 9,
        }, new ShardId(0, 2)))));
    }

    [TestCaseSource(nameof(Files))]
    public void Json_EveryPropertyIsDocumented(string fileName, Func<string> render)
    {
        // A section may describe fields by reference ("as in `capacity.json`"): the referenced file's names count too.
        string section = Section(fileName);
        var referenced = Regex.Matches(section, @"`(?<f>[a-z-]+\.json)`").Select(m => m.Groups["f"].Value).Where(f => f != fileName).Distinct();
        var documented = Names([section, .. referenced.Select(Section)]);

        var undocumented = JsonNames(render()).Where(n => !documented.Contains(n));

        Assert.That(undocumented, Is.Empty, $"properties of {fileName} that report-schema.md does not name");
    }

    [TestCaseSource(nameof(Files))]
    public void Json_EveryTableFieldIsWritten(string fileName, Func<string> render)
    {
        // The first column of each table row names the fields ("`points[].index`, `neurons`, …").
        var listed = Names(TableRows(Section(fileName)).Select(row => row.Split('|')[1]));

        var missing = listed.Where(n => !JsonNames(render()).Contains(n));

        Assert.That(missing, Is.Empty, $"fields report-schema.md lists for {fileName} that the file does not have");
    }

    [Test]
    public void Csv_HeadersAreTheDocumentedColumns()
    {
        var files = CapacityReport.Render(ReportTestData.CapacityShared).Concat(EnergyReport.Render(ReportTestData.EnergyShared))
            .Where(f => f.Name.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        Assert.That(files.Select(f => f.Name), Is.EquivalentTo(new[] { "points.csv", "trials.csv", "trajectories.csv", "state-energies.csv", "basins.csv", "census.csv" }));

        foreach (var (name, content) in files)
        {
            var doc = Regex.Match(Page.Value, $@"`{Regex.Escape(name)}` \((?:columns )?`(?<columns>[^`]+)`\)");
            Assert.That(doc.Success, Is.True, $"report-schema.md gives the columns of {name}");
            Assert.That(content[..content.IndexOf('\n', StringComparison.Ordinal)], Is.EqualTo(doc.Groups["columns"].Value), name);
        }
    }
}
