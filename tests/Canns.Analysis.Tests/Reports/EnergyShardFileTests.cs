using System.Text.Json;
using System.Text.Json.Nodes;
using Canns.Analysis.Reports;

namespace Canns.Analysis.Tests.Reports;

public class EnergyShardFileTests
{
    private static readonly Lazy<EnergyShard> Shard = new(() => EnergyAnalysis.RunShard(new EnergyAnalysisOptions
    {
        Neurons = 40, Patterns = 3, Seed = 3, Threshold = 0.25f, RandomStates = 10, BasinTrials = 2, BasinStep = 0.1, CensusStarts = 6, HeatmapSize = 9,
    }, new ShardId(1, 2)));

    private static string Text => EnergyShardFile.Render(Shard.Value);

    [Test]
    public void WriteThenRead_RoundTripsEveryValueExactly()
    {
        string path = Path.Combine(TestData.TempDirectory(), "nested", "s.json");
        var read = EnergyShardFile.Read(EnergyShardFile.Write(Shard.Value, path));
        Assert.That(read.Shard, Is.EqualTo(new ShardId(1, 2)));
        Assert.That(read.Basins, Is.EqualTo(Shard.Value.Basins).And.Not.Empty);
        Assert.That(read.Census, Is.EqualTo(Shard.Value.Census).And.Not.Empty);
        Assert.That(EnergyAnalysisOptions.Difference(read.Options, Shard.Value.Options), Is.Null);
        Assert.That(read.Producer, Is.EqualTo(ReportOutput.Producer));
        Assert.That(read, Is.EqualTo(Shard.Value), "the shard read back equals the shard written, as a whole");
        Assert.That(read.GetHashCode(), Is.EqualTo(Shard.Value.GetHashCode()));
    }

    /// <summary>A shard file from before the rule was an option (no "rule") reads as the Hebbian rule, the only one then.</summary>
    [Test]
    public void Read_FileWithoutRule_ReadsAsHebbian()
    {
        string text = Text;
        const string rule = "\"rule\": \"hebbian\",";
        Assert.That(text, Does.Contain(rule), "the edit applies");
        string path = Path.Combine(TestData.TempDirectory(), "old.json");
        File.WriteAllText(path, text.Replace(rule, "", StringComparison.Ordinal));
        var read = EnergyShardFile.Read(path);
        Assert.That(read.Options.Rule, Is.EqualTo(StorageRule.Hebbian));
        Assert.That(EnergyAnalysisOptions.Difference(read.Options, Shard.Value.Options), Is.Null);
    }

    [Test]
    public void Write_LeavesOnlyTheFinalFile()
    {
        string dir = TestData.TempDirectory();
        EnergyShardFile.Write(Shard.Value, Path.Combine(dir, "s.json"));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EqualTo(new[] { "s.json" }));
    }

    [Test]
    public void Write_FolderPath_Throws()
    {
        Assert.Throws<ArgumentException>(() => EnergyShardFile.Write(Shard.Value, TestData.TempDirectory() + Path.DirectorySeparatorChar));
    }

    [Test]
    public void FileName_NamesIndexAndCount()
    {
        Assert.That(EnergyShardFile.FileName(new ShardId(2, 8)), Is.EqualTo("energy-shard-2-of-8.json"));
    }

    [Test]
    public void Render_FollowsTheDocumentedSchema()
    {
        using var doc = JsonDocument.Parse(Text);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("schemaVersion").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("kind").GetString(), Is.EqualTo("energy-shard"));
        Assert.That(root.GetProperty("shard").GetProperty("index").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("shard").GetProperty("count").GetInt32(), Is.EqualTo(2));
        var p = root.GetProperty("parameters");
        Assert.That(p.GetProperty("seed").GetInt32(), Is.EqualTo(3));
        Assert.That(p.GetProperty("heatmapSize").GetInt32(), Is.EqualTo(9));
        // The parameters are energy.json's, plus heatmapSize.
        using var report = JsonDocument.Parse(EnergyReport.Render(EnergyAnalysis.Run(Shard.Value.Options))[2].Content);
        Assert.That(p.EnumerateObject().Select(x => x.Name),
            Is.EqualTo(report.RootElement.GetProperty("parameters").EnumerateObject().Select(x => x.Name).Append("heatmapSize")));
        var cell = root.GetProperty("basinCells")[0];
        Assert.That(cell.EnumerateObject().Select(x => x.Name), Is.EqualTo(new[] { "pattern", "fraction", "successes" }));
        var start = root.GetProperty("censusStarts")[0];
        Assert.That(start.EnumerateObject().Select(x => x.Name), Is.EqualTo(new[] { "start", "kind", "energy", "converged" }));
        Assert.That(root.GetProperty("basinCells").GetArrayLength(), Is.EqualTo(Shard.Value.Basins.Count));
        Assert.That(root.GetProperty("censusStarts").GetArrayLength(), Is.EqualTo(Shard.Value.Census.Count));
    }

    [TestCase("not json", "not an energy shard file")]
    [TestCase("[]", "not a JSON object")]
    [TestCase("\"schemaVersion\": 1|\"schemaVersion\": 2", "schemaVersion 2")]
    [TestCase("\"kind\": \"energy-shard\"|\"kind\": \"capacity-shard\"", "kind is 'capacity-shard'")]
    [TestCase("\"count\": 2|\"count\": 1", "shard 1/1")]
    [TestCase("\"basinTrials\": 2|\"basinTrials\": 0", "out of range")]
    [TestCase("\"updateMode\": \"async\"|\"updateMode\": \"fast\"", "update mode 'fast'")]
    [TestCase(",\n    \"heatmapSize\": 9|", "'heatmapSize' is missing")]
    [TestCase("\"basinCells\": [|\"cells\": [", "'basinCells' is missing")]
    [TestCase("\"successes\": |\"successes\": -", "negative value")]
    [TestCase("\"kind\": \"stored\"|\"kind\": \"weird\"", "kind 'weird'")]
    [TestCase("\"converged\": true|\"converged\": \"yes\"", "'converged' must be true or false")]
    [TestCase("\"energy\": -|\"energy\": null, \"x\": -", "'energy' is Null")]
    [TestCase("\"seed\": 3|\"seed\": 3.5", "32-bit integer")]
    public void Read_CorruptFile_ThrowsInvalidDataNamingTheFileAndProblem(string edit, string problem)
    {
        string path = ShardFileEdits.Write(Text, edit);
        var e = Assert.Throws<InvalidDataException>(() => EnergyShardFile.Read(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain(problem));
    }

    /// <summary>Values the file's own parameters rule out (3 patterns, 2 basin trials, 6 census starts): refused on reading, naming the entry.</summary>
    [TestCase("basinCells", "pattern", 3, "basinCells[0]", "pattern 3")]
    [TestCase("basinCells", "fraction", 99, "basinCells[0]", "fraction 99")]
    [TestCase("basinCells", "successes", 3, "basinCells[0]", "3 successes out of 2")]
    [TestCase("censusStarts", "start", 6, "censusStarts[0]", "start 6")]
    public void Read_ValueOutOfRangeForItsParameters_ThrowsInvalidDataNamingTheEntry(string array, string field, int value, string entry, string problem)
    {
        string path = Edited(root => root[array]![0]![field] = value);
        var e = Assert.Throws<InvalidDataException>(() => EnergyShardFile.Read(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain(entry).And.Contain(problem));
    }

    [TestCase("basinCells")]
    [TestCase("censusStarts")]
    public void Read_RepeatedEntry_ThrowsInvalidDataNamingIt(string array)
    {
        string path = Edited(root => root[array]!.AsArray().Add(root[array]![0]!.DeepClone()));
        int last = JsonNode.Parse(File.ReadAllText(path))![array]!.AsArray().Count - 1;
        var e = Assert.Throws<InvalidDataException>(() => EnergyShardFile.Read(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain($"{array}[{last}]").And.Contain("repeats"));
    }

    [Test]
    public void Read_UnconvergedStartOfAStoredKind_ThrowsInvalidDataNamingIt()
    {
        string path = Edited(root =>
        {
            root["censusStarts"]![0]!["kind"] = "stored";
            root["censusStarts"]![0]!["converged"] = false;
        });
        var e = Assert.Throws<InvalidDataException>(() => EnergyShardFile.Read(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain("censusStarts[0]").And.Contain("did not converge"));
    }

    private static string Edited(Action<JsonNode> edit) => ShardFileEdits.Write(Text, edit);

    [Test]
    public void Read_TruncatedFile_ThrowsInvalidDataNamingTheFile()
    {
        string path = Path.Combine(TestData.TempDirectory(), "cut.json");
        File.WriteAllText(path, Text[..(Text.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => EnergyShardFile.Read(path));
        Assert.That(e!.Message, Does.StartWith(path));
    }

    [Test]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => EnergyShardFile.Read(Path.Combine(TestData.TempDirectory(), "none.json")));
    }

    [Test]
    public void ReadKind_EitherShardFile_ReturnsItsKind()
    {
        string dir = TestData.TempDirectory();
        string energy = EnergyShardFile.Write(Shard.Value, Path.Combine(dir, "e.json"));
        var capacity = CapacityStudy.RunShard(new CapacityStudyOptions { Neurons = [40], Loads = [0.1], Trials = 1 }, new ShardId(0, 1));
        string capacityPath = CapacityShardFile.Write(capacity, Path.Combine(dir, "c.json"));
        Assert.That(ShardFiles.ReadKind(energy), Is.EqualTo(EnergyShardFile.Kind));
        Assert.That(ShardFiles.ReadKind(capacityPath), Is.EqualTo(CapacityShardFile.Kind));
    }

    [TestCase("{\"kind\": \"energy-analysis\"}", "kind is 'energy-analysis'")]
    [TestCase("{\"schemaVersion\": 1}", "no string 'kind'")]
    [TestCase("{\"kind\": ", "not a shard file")]
    public void ReadKind_NotAShardFile_ThrowsInvalidDataNamingTheFile(string text, string problem)
    {
        string path = Path.Combine(TestData.TempDirectory(), "x.json");
        File.WriteAllText(path, text);
        var e = Assert.Throws<InvalidDataException>(() => ShardFiles.ReadKind(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain(problem));
    }
}
