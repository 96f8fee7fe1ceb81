using System.Text.Json;
using System.Text.Json.Nodes;
using Canns.Analysis.Reports;

namespace Canns.Analysis.Tests.Reports;

public class CapacityShardFileTests
{
    private static readonly Lazy<CapacityShard> Shard = new(() =>
        CapacityStudy.RunShard(new CapacityStudyOptions { Neurons = [64], Loads = [0.05, 0.15], Trials = 2, Seed = 3 }, new ShardId(1, 2)));

    private static string Text => CapacityShardFile.Render(Shard.Value);

    [Test]
    public void WriteThenRead_RoundTripsEveryValueExactly()
    {
        string path = Path.Combine(TestData.TempDirectory(), "nested", "s.json");
        var read = CapacityShardFile.Read(CapacityShardFile.Write(Shard.Value, path));
        Assert.That(read.Shard, Is.EqualTo(new ShardId(1, 2)));
        Assert.That(read.Results, Is.EqualTo(Shard.Value.Results));
        Assert.That(CapacityStudyOptions.Difference(read.Options, Shard.Value.Options), Is.Null);
        Assert.That(read.Producer, Is.EqualTo(ReportOutput.Producer));
        Assert.That(read, Is.EqualTo(Shard.Value), "the shard read back equals the shard written, as a whole");
        Assert.That(read.GetHashCode(), Is.EqualTo(Shard.Value.GetHashCode()));
    }

    [Test]
    public void Render_RecordsTheProducerInTheEnvelope()
    {
        using var doc = JsonDocument.Parse(CapacityShardFile.Render(Shard.Value with { Producer = "Canns 2.0.0+feed" }));
        Assert.That(doc.RootElement.GetProperty("producer").GetString(), Is.EqualTo("Canns 2.0.0+feed"));
    }

    [Test]
    public void Read_FileWithoutProducer_ReadsAsUnknown()
    {
        string path = ShardFileEdits.Write(CapacityShardFile.Render(Shard.Value with { Producer = null }), "\"kind\"|\"kind\"");
        Assert.That(File.ReadAllText(path), Does.Not.Contain("producer"));
        Assert.That(CapacityShardFile.Read(path).Producer, Is.Null);
    }

    [Test]
    public void WriteThenRead_EveryStorageRule_RoundTripsItsName()
    {
        var options = new CapacityStudyOptions { Neurons = [24], Loads = [0.1], Trials = 1, Seed = 4, Rules = Enum.GetValues<StorageRule>() };
        var shard = CapacityStudy.RunShard(options, new ShardId(0, 1));
        string path = Path.Combine(TestData.TempDirectory(), "rules.json");
        var read = CapacityShardFile.Read(CapacityShardFile.Write(shard, path));
        Assert.That(read.Options.Rules, Is.EqualTo(Enum.GetValues<StorageRule>()));
        Assert.That(read.Results, Is.EqualTo(shard.Results));
    }

    [Test]
    public void Write_LeavesOnlyTheFinalFile()
    {
        string dir = TestData.TempDirectory();
        CapacityShardFile.Write(Shard.Value, Path.Combine(dir, "s.json"));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EqualTo(new[] { "s.json" }));
    }

    [Test]
    public void FileName_NamesIndexAndCount()
    {
        Assert.That(CapacityShardFile.FileName(new ShardId(2, 8)), Is.EqualTo("capacity-shard-2-of-8.json"));
    }

    [Test]
    public void Render_FollowsTheDocumentedSchema()
    {
        using var doc = JsonDocument.Parse(Text);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("schemaVersion").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("kind").GetString(), Is.EqualTo("capacity-shard"));
        Assert.That(root.GetProperty("shard").GetProperty("index").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("shard").GetProperty("count").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("parameters").GetProperty("seed").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("trials").GetArrayLength(), Is.EqualTo(Shard.Value.Results.Count));
    }

    [TestCase("not json", "not a capacity shard file")]
    [TestCase("\"producer\": \"|\"producer\": 1, \"x\": \"", "'producer' must be a non-empty string, got 1")]
    [TestCase("[]", "not a JSON object")]
    [TestCase("\"schemaVersion\": 1|\"schemaVersion\": 2", "schemaVersion 2")]
    [TestCase("\"kind\": \"capacity-shard\"|\"kind\": \"capacity-study\"", "kind is 'capacity-study'")]
    [TestCase("\"count\": 2|\"count\": 1", "shard 1/1")]
    [TestCase("\"index\": 1|\"index\": \"1\"", "'index' is String")]
    [TestCase("\"trials\": 2|\"trials\": 0", "out of range")]
    [TestCase("\"hebbian\"|\"oja\"", "rule 'oja'")]
    [TestCase("\"sync\"|\"fast\"", "update mode 'fast'")]
    [TestCase("\"trials\": [|\"cells\": [", "'trials' is missing")]
    [TestCase("\"meanOverlap\": 1,|\"meanOverlap\": null,", "'meanOverlap' is Null")]
    [TestCase("\"patterns\": 3,|\"patterns\": 0,", "out-of-range counts")]
    [TestCase("\"seed\": 3|\"seed\": 3.5", "32-bit integer")]
    [TestCase("\"meanOverlap\": 1,|\"meanOverlap\": 5,", "out-of-range overlaps")]
    [TestCase("\"minOverlap\": 1,|\"minOverlap\": -2,", "out-of-range overlaps")]
    [TestCase("\"meanSquaredOverlap\": 1,|\"meanSquaredOverlap\": 1.5,", "out-of-range overlaps")]
    public void Read_CorruptFile_ThrowsInvalidDataNamingTheFileAndProblem(string edit, string problem)
    {
        string path = ShardFileEdits.Write(Text, edit);
        var e = Assert.Throws<InvalidDataException>(() => CapacityShardFile.Read(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain(problem));
    }

    /// <summary>Values the file's own parameters rule out (two points of N = 64, 2 trials, at most 20 iterations): refused on reading, naming the entry.</summary>
    [TestCase("point", 2, "point 2")]
    [TestCase("trial", 2, "trial 2")]
    [TestCase("seed", 12345, "seed 12345")]
    [TestCase("patterns", 40, "patterns 40")]
    [TestCase("meanIterations", 1e6, "meanIterations 1000000")]
    public void Read_ValueOutOfRangeForItsParameters_ThrowsInvalidDataNamingTheEntry(string field, double value, string problem)
    {
        string path = Edited(root => root["trials"]![0]![field] = field == "meanIterations" ? value : (int)value);
        var e = Assert.Throws<InvalidDataException>(() => CapacityShardFile.Read(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain("trials[0]").And.Contain(problem));
    }

    [Test]
    public void Read_RepeatedCell_ThrowsInvalidDataNamingIt()
    {
        string path = Edited(root => root["trials"]!.AsArray().Add(root["trials"]![0]!.DeepClone()));
        int last = Shard.Value.Results.Count;
        var e = Assert.Throws<InvalidDataException>(() => CapacityShardFile.Read(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain($"trials[{last}]").And.Contain("repeats"));
    }

    private static string Edited(Action<JsonNode> edit) => ShardFileEdits.Write(Text, edit);

    [Test]
    public void Read_ParametersOutOfRange_EndsTheMessageWithOnePeriod()
    {
        string path = Path.Combine(TestData.TempDirectory(), "bad.json");
        File.WriteAllText(path, Text.Replace("\"trials\": 2", "\"trials\": 0", StringComparison.Ordinal));

        var e = Assert.Throws<InvalidDataException>(() => CapacityShardFile.Read(path));

        Assert.That(e!.Message, Does.EndWith("Trials (0) must be at least 1."));
    }

    [Test]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => CapacityShardFile.Read(Path.Combine(TestData.TempDirectory(), "none.json")));
    }
}
