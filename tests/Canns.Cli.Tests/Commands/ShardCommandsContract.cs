namespace Canns.Cli.Tests.Commands;

/// <summary>
/// What every sharded command and <c>canns merge</c> must do with its shards: the shard files alone, merges byte for byte
/// equal to the unsharded run (from a folder or a list, in any order), and bad shard specs, missing, repeated or
/// truncated shards refused with one line. Each derived fixture names its command, arguments and report files; NUnit
/// runs these tests once for each.
/// </summary>
public abstract class ShardCommandsContract
{
    /// <summary>The sharded command, as typed after <c>canns</c>.</summary>
    protected abstract string Command { get; }

    /// <summary>Its arguments (a small run), without <c>--shard</c> and <c>--out</c>.</summary>
    protected abstract string[] Arguments { get; }

    /// <summary>The start of its shard files' names: <c>{Kind}-shard-i-of-n.json</c>.</summary>
    protected abstract string Kind { get; }

    /// <summary>The report files a merge must write byte for byte as the unsharded run does.</summary>
    protected abstract IEnumerable<string> ReportFiles { get; }

    /// <summary>The fixture's folder: <c>whole</c> holds the unsharded run, <c>shards</c> its three shards.</summary>
    private protected CliFolder Folder { get; private set; } = null!;

    [OneTimeSetUp]
    public void RunUnshardedAndThreeShards()
    {
        Folder = new CliFolder();
        Assert.That(CliFolder.Run([Command, .. Arguments, "--out", Folder["whole"]]).ExitCode, Is.EqualTo(0));
        for (int i = 0; i < 3; i++)
        {
            var run = CliFolder.Run([Command, .. Arguments, "--shard", $"{i}/3", "--out", Folder["shards"]]);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        }
    }

    [OneTimeTearDown]
    public void Cleanup() => Folder.Dispose();

    /// <summary>Shard i of n's file name.</summary>
    protected string ShardName(int i, int n = 3) => $"{Kind}-shard-{i}-of-{n}.json";

    /// <summary>Shard i of the three the fixture wrote.</summary>
    protected string ShardFile(int i, int n = 3) => Path.Combine(Folder["shards"], ShardName(i, n));

    private protected static void AssertBadInput(CliOutcome run, string command, string problem)
    {
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.Stderr);
        Assert.That(run.StderrLines, Has.Length.EqualTo(1), run.Stderr);
        Assert.That(run.Stderr, Does.StartWith($"canns {command}: ").And.Contain(problem));
    }

    /// <summary>Every report file in <paramref name="dir"/> equals the one in <paramref name="whole"/> (the unsharded run's folder by default), byte for byte.</summary>
    protected void AssertSameReport(string dir, string? whole = null)
    {
        foreach (string name in ReportFiles)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(dir, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(whole ?? Folder["whole"], name))), name);
        }
    }

    [Test]
    public void Shard_WritesOnlyTheShardFile()
    {
        Assert.That(Directory.GetFiles(Folder["shards"]).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { ShardName(0), ShardName(1), ShardName(2) }));
    }

    [Test]
    public void Merge_FolderOfThreeShards_EveryReportFileByteIdenticalToUnshardedRun()
    {
        var run = CliFolder.Run("merge", "--out", Folder["merged3"], "--inputs", Folder["shards"]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        Assert.That(run.Stdout, Does.Contain("Merged 3 ").And.Contain("Report: "));
        AssertSameReport(Folder["merged3"]);
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Merge_CommaListOfShardsInReverse_EveryReportFileByteIdenticalToUnshardedRun(int count)
    {
        string dir = Folder[$"shards{count}"];
        var files = new List<string>();
        for (int i = count - 1; i >= 0; i--)
        {
            Assert.That(CliFolder.Run([Command, .. Arguments, "--shard", $"{i}/{count}", "--out", dir]).ExitCode, Is.EqualTo(0));
            files.Add(Path.Combine(dir, ShardName(i, count)));
        }
        string outDir = Folder[$"merged{count}"];
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
    [TestCase("1/-2")]
    public void Run_BadShard_ExitsTwoWithOneLineAndWritesNothing(string shard)
    {
        string dir = Folder[$"bad-{Guid.NewGuid():N}"];
        AssertBadInput(CliFolder.Run([Command, .. Arguments, "--shard", shard, "--out", dir]), Command, "--shard");
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [Test]
    public void Merge_MissingShard_ExitsTwoNamingItAndWritesNothing()
    {
        string dir = Folder["m-missing"];
        AssertBadInput(CliFolder.Run("merge", "--out", dir, "--inputs", $"{ShardFile(0)},{ShardFile(2)}"), "merge", "Missing shard 1/3");
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [Test]
    public void Merge_SameShardTwice_ExitsTwoNamingBothFiles()
    {
        var run = CliFolder.Run("merge", "--out", Folder["m-dup"], "--inputs", $"{ShardFile(0)},{ShardFile(1)},{ShardFile(1)},{ShardFile(2)}");
        AssertBadInput(run, "merge", $"shard 1/3 is given twice: {ShardFile(1)} and {ShardFile(1)}");
    }

    [Test]
    public void Merge_TruncatedShard_ExitsTwoNamingIt()
    {
        string path = Folder["cut.json"];
        File.WriteAllText(path, File.ReadAllText(ShardFile(1))[..200]);
        AssertBadInput(CliFolder.Run("merge", "--out", Folder["m-cut"], "--inputs", $"{ShardFile(0)},{path},{ShardFile(2)}"), "merge", path);
    }

    [Test]
    public void Shard_RecordsTheBuildThatRanIt()
    {
        var producer = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ShardFile(0)))!["producer"]!.GetValue<string>();
        Assert.That(producer, Is.EqualTo(Canns.Analysis.Reports.ReportOutput.Producer));
        Assert.That(producer, Does.Match(@"^Canns \d+\.\d+\.\d+"));
    }

    [Test]
    public void Merge_ShardOfAnotherBuild_ExitsTwoNamingBothBuildsAndWritesNothing()
    {
        string path = Folder["other-build.json"];
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ShardFile(1)))!;
        root["producer"] = "Canns 0.9.0+0123abc";
        File.WriteAllText(path, root.ToJsonString());
        string dir = Folder["m-build"];
        AssertBadInput(CliFolder.Run("merge", "--out", dir, "--inputs", $"{ShardFile(0)},{path},{ShardFile(2)}"), "merge",
            $"was run by 'Canns 0.9.0+0123abc' and shard 0/3 by '{Canns.Analysis.Reports.ReportOutput.Producer}'");
        Assert.That(Directory.Exists(dir), Is.False);
    }
}
