using Canns.Analysis.Reports;

namespace Canns.Cli.Tests.Commands;

public class EnergyShardCommandsTests
{
    private static readonly string[] Analysis = ["--neurons", "40", "--patterns", "3", "--seed", "5"];

    private CliFolder _folder = null!;

    [OneTimeSetUp]
    public void RunUnshardedAndThreeShards()
    {
        _folder = new CliFolder();
        Assert.That(CliFolder.Run(["energy-report", .. Analysis, "--out", _folder["whole"]]).ExitCode, Is.EqualTo(0));
        for (int i = 0; i < 3; i++)
        {
            var run = CliFolder.Run(["energy-report", .. Analysis, "--shard", $"{i}/3", "--out", _folder["shards"]]);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        }
    }

    [OneTimeTearDown]
    public void Cleanup() => _folder.Dispose();

    private string ShardFile(int i, int n = 3) => Path.Combine(_folder["shards"], $"energy-shard-{i}-of-{n}.json");

    private static void AssertBadInput(CliOutcome run, string command, string problem)
    {
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.Stderr);
        Assert.That(run.StderrLines, Has.Length.EqualTo(1), run.Stderr);
        Assert.That(run.Stderr, Does.StartWith($"canns {command}: ").And.Contain(problem));
    }

    /// <summary>Every report file in <paramref name="dir"/> equals the one in <paramref name="whole"/> (the unsharded run's folder by default), byte for byte.</summary>
    private void AssertSameReport(string dir, string? whole = null)
    {
        foreach (string name in EnergyReport.FileNames)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(dir, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(whole ?? _folder["whole"], name))), name);
        }
    }

    [Test]
    public void EnergyShard_WritesOnlyTheShardFile()
    {
        Assert.That(Directory.GetFiles(_folder["shards"]).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "energy-shard-0-of-3.json", "energy-shard-1-of-3.json", "energy-shard-2-of-3.json" }));
    }

    [Test]
    public void Merge_FolderOfThreeShards_EveryReportFileByteIdenticalToUnshardedRun()
    {
        var run = CliFolder.Run("merge", "--out", _folder["merged3"], "--inputs", _folder["shards"]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        Assert.That(run.Stdout, Does.Contain("Merged 3 energy shard(s)").And.Contain("Report: "));
        AssertSameReport(_folder["merged3"]);
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Merge_CommaListOfShards_EveryReportFileByteIdenticalToUnshardedRun(int count)
    {
        string dir = _folder[$"shards{count}"];
        var files = new List<string>();
        for (int i = count - 1; i >= 0; i--)
        {
            Assert.That(CliFolder.Run(["energy-report", .. Analysis, "--shard", $"{i}/{count}", "--out", dir]).ExitCode, Is.EqualTo(0));
            files.Add(Path.Combine(dir, $"energy-shard-{i}-of-{count}.json"));
        }
        string outDir = _folder[$"merged{count}"];
        var run = CliFolder.Run("merge", "--inputs", string.Join(",", files), "--out", outDir);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        AssertSameReport(outDir);
    }

    [TestCase("1/1")]
    [TestCase("3/3")]
    [TestCase("-1/2")]
    [TestCase("0/0")]
    [TestCase("2")]
    [TestCase("a/b")]
    public void EnergyReport_BadShard_ExitsTwoWithOneLineAndWritesNothing(string shard)
    {
        string dir = _folder[$"bad-{Guid.NewGuid():N}"];
        AssertBadInput(CliFolder.Run(["energy-report", .. Analysis, "--shard", shard, "--out", dir]), "energy-report", "--shard");
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [Test]
    public void Merge_MissingShard_ExitsTwoNamingIt()
    {
        string dir = _folder["m-missing"];
        AssertBadInput(CliFolder.Run("merge", "--out", dir, "--inputs", $"{ShardFile(0)},{ShardFile(2)}"), "merge", "Missing shard 1/3");
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [Test]
    public void Merge_SameShardTwice_ExitsTwoNamingBothFiles()
    {
        var run = CliFolder.Run("merge", "--out", _folder["m-dup"], "--inputs", $"{ShardFile(0)},{ShardFile(1)},{ShardFile(1)},{ShardFile(2)}");
        AssertBadInput(run, "merge", $"shard 1/3 is given twice: {ShardFile(1)} and {ShardFile(1)}");
    }

    [Test]
    public void Merge_OptionsDiffer_ExitsTwoNamingTheOption()
    {
        string other = _folder["other-patterns"];
        string[] analysis = ["--neurons", "40", "--patterns", "4", "--seed", "5"];
        Assert.That(CliFolder.Run(["energy-report", .. analysis, "--shard", "1/3", "--out", other]).ExitCode, Is.EqualTo(0));
        var run = CliFolder.Run("merge", "--out", _folder["m-opts"], "--inputs", $"{ShardFile(0)},{Path.Combine(other, "energy-shard-1-of-3.json")},{ShardFile(2)}");
        AssertBadInput(run, "merge", "options differ (patterns 3 vs. 4)");
    }

    [Test]
    public void Merge_RulesDiffer_ExitsTwoNamingBothRules()
    {
        string other = _folder["other-rule"];
        Assert.That(CliFolder.Run(["energy-report", .. Analysis, "--rule", "dense3", "--shard", "1/3", "--out", other]).ExitCode, Is.EqualTo(0));
        var run = CliFolder.Run("merge", "--out", _folder["m-rule"], "--inputs", $"{ShardFile(0)},{Path.Combine(other, "energy-shard-1-of-3.json")},{ShardFile(2)}");
        AssertBadInput(run, "merge", "options differ (rule hebbian vs. dense3)");
        Assert.That(Directory.Exists(_folder["m-rule"]), Is.False);
    }

    [Test]
    public void Merge_DenseShards_EveryReportFileByteIdenticalToUnshardedRun()
    {
        string[] dense = [.. Analysis, "--rule", "dense-exp"];
        Assert.That(CliFolder.Run(["energy-report", .. dense, "--out", _folder["dense-whole"]]).ExitCode, Is.EqualTo(0));
        for (int i = 0; i < 2; i++) Assert.That(CliFolder.Run(["energy-report", .. dense, "--shard", $"{i}/2", "--out", _folder["dense-shards"]]).ExitCode, Is.EqualTo(0));
        Assert.That(CliFolder.Run("merge", "--out", _folder["dense-merged"], "--inputs", _folder["dense-shards"]).ExitCode, Is.EqualTo(0));
        AssertSameReport(_folder["dense-merged"], _folder["dense-whole"]);
    }

    [Test]
    public void Merge_CapacityAndEnergyShards_ExitsTwoNamingBothKinds()
    {
        string capacity = _folder["capacity-shards"];
        Assert.That(CliFolder.Run("capacity", "--neurons", "40", "--loads", "0.1", "--trials", "1", "--shard", "0/1", "--out", capacity).ExitCode, Is.EqualTo(0));
        string capacityFile = Path.Combine(capacity, "capacity-shard-0-of-1.json");
        var run = CliFolder.Run("merge", "--out", _folder["m-mixed"], "--inputs", $"{ShardFile(0)},{capacityFile}");
        AssertBadInput(run, "merge", $"mixes energy shards ({ShardFile(0)}) and capacity shards ({capacityFile})");
        Assert.That(Directory.Exists(_folder["m-mixed"]), Is.False);
    }

    [Test]
    public void Merge_FolderWithBothKinds_PicksUpBothAndExitsTwoNamingBothKinds()
    {
        string dir = _folder["both"];
        Assert.That(CliFolder.Run("capacity", "--neurons", "40", "--loads", "0.1", "--trials", "1", "--shard", "0/1", "--out", dir).ExitCode, Is.EqualTo(0));
        Assert.That(CliFolder.Run(["energy-report", .. Analysis, "--shard", "0/1", "--out", dir]).ExitCode, Is.EqualTo(0));
        var run = CliFolder.Run("merge", "--out", _folder["m-both"], "--inputs", dir);
        AssertBadInput(run, "merge", "mixes capacity shards");
        Assert.That(run.Stderr, Does.Contain("and energy shards"));
    }

    [Test]
    public void Merge_FolderOfOneEnergyShard_ReportByteIdenticalToUnshardedRun()
    {
        string dir = _folder["single"];
        Assert.That(CliFolder.Run(["energy-report", .. Analysis, "--shard", "0/1", "--out", dir]).ExitCode, Is.EqualTo(0));
        Assert.That(CliFolder.Run("merge", "--out", _folder["m-single"], "--inputs", dir).ExitCode, Is.EqualTo(0));
        AssertSameReport(_folder["m-single"]);
    }

    [Test]
    public void Merge_CorruptEnergyShard_ExitsTwoNamingIt()
    {
        string path = _folder["corrupt.json"];
        File.WriteAllText(path, File.ReadAllText(ShardFile(1)).Replace("\"successes\": ", "\"successes\": -", StringComparison.Ordinal));
        AssertBadInput(CliFolder.Run("merge", "--out", _folder["m-corrupt"], "--inputs", $"{ShardFile(0)},{path},{ShardFile(2)}"), "merge", path);
    }

    [Test]
    public void Merge_TruncatedShard_ExitsTwoNamingIt()
    {
        string path = _folder["cut.json"];
        File.WriteAllText(path, File.ReadAllText(ShardFile(1))[..200]);
        AssertBadInput(CliFolder.Run("merge", "--out", _folder["m-cut"], "--inputs", $"{ShardFile(0)},{path},{ShardFile(2)}"), "merge", path);
    }

    [Test]
    public void Merge_ReportJsonInsteadOfAShard_ExitsTwoNamingIt()
    {
        string report = Path.Combine(_folder["whole"], "energy.json");
        AssertBadInput(CliFolder.Run("merge", "--out", _folder["m-report"], "--inputs", report), "merge", $"{report}: not a shard file: its kind is 'energy-analysis'");
    }

    [Test]
    public void Help_EnergyReportAndMerge_MentionShards()
    {
        Assert.That(CliFolder.Run("energy-report", "--help").Stdout, Does.Contain("--shard i/n").And.Contain("energy-shard-i-of-n.json"));
        Assert.That(CliFolder.Run("merge", "--help").Stdout, Does.Contain("energy-shard-*-of-*.json").And.Contain("capacity-shard-*-of-*.json"));
    }
}
