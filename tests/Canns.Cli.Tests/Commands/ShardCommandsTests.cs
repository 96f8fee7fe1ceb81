namespace Canns.Cli.Tests.Commands;

public class ShardCommandsTests
{
    private static readonly string[] Study = ["--neurons", "64", "--loads", "0.05,0.1,0.2", "--trials", "3", "--seed", "5"];

    private static readonly string[] DataFiles = ["capacity.json", "points.csv", "trials.csv"];

    private CliFolder _folder = null!;

    [OneTimeSetUp]
    public void RunUnshardedAndThreeShards()
    {
        _folder = new CliFolder();
        Assert.That(CliFolder.Run(["capacity", .. Study, "--out", _folder["whole"]]).ExitCode, Is.EqualTo(0));
        for (int i = 0; i < 3; i++)
        {
            var run = CliFolder.Run(["capacity", .. Study, "--shard", $"{i}/3", "--out", _folder["shards"]]);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        }
    }

    [OneTimeTearDown]
    public void Cleanup() => _folder.Dispose();

    private string ShardFile(int i, int n = 3) => Path.Combine(_folder["shards"], $"capacity-shard-{i}-of-{n}.json");

    private static void AssertBadInput(CliOutcome run, string command, string problem)
    {
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.Stderr);
        Assert.That(run.StderrLines, Has.Length.EqualTo(1), run.Stderr);
        Assert.That(run.Stderr, Does.StartWith($"canns {command}: ").And.Contain(problem));
    }

    [Test]
    public void CapacityShard_WritesOnlyTheShardFile()
    {
        Assert.That(Directory.GetFiles(_folder["shards"]).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "capacity-shard-0-of-3.json", "capacity-shard-1-of-3.json", "capacity-shard-2-of-3.json" }));
    }

    [Test]
    public void Merge_FolderOfThreeShards_ReportByteIdenticalToUnshardedRun()
    {
        var run = CliFolder.Run("merge", "--out", _folder["merged3"], "--inputs", _folder["shards"]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        Assert.That(run.Stdout, Does.Contain("Merged 3 shard(s)"));
        foreach (string name in DataFiles)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(_folder["merged3"], name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(_folder["whole"], name))), name);
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Merge_CommaListOfShards_ReportByteIdenticalToUnshardedRun(int count)
    {
        string dir = _folder[$"shards{count}"];
        var files = new List<string>();
        for (int i = count - 1; i >= 0; i--)
        {
            Assert.That(CliFolder.Run(["capacity", .. Study, "--shard", $"{i}/{count}", "--out", dir]).ExitCode, Is.EqualTo(0));
            files.Add(Path.Combine(dir, $"capacity-shard-{i}-of-{count}.json"));
        }
        string outDir = _folder[$"merged{count}"];
        var run = CliFolder.Run("merge", "--inputs", string.Join(",", files), "--out", outDir);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        foreach (string name in DataFiles)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(outDir, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(_folder["whole"], name))), name);
        }
    }

    [TestCase("1/1")]
    [TestCase("3/3")]
    [TestCase("-1/2")]
    [TestCase("0/0")]
    [TestCase("2")]
    [TestCase("a/b")]
    [TestCase("1/-2")]
    public void Capacity_BadShard_ExitsTwoWithOneLineAndWritesNothing(string shard)
    {
        string dir = _folder[$"bad-{Guid.NewGuid():N}"];
        AssertBadInput(CliFolder.Run(["capacity", .. Study, "--shard", shard, "--out", dir]), "capacity", "--shard");
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
        AssertBadInput(run, "merge", "shard 1/3 is given twice");
    }

    [Test]
    public void Merge_OptionsDiffer_ExitsTwoNamingTheOption()
    {
        string other = _folder["other-seed"];
        string[] study = [.. Study[..^1], "6"];
        Assert.That(CliFolder.Run(["capacity", .. study, "--shard", "1/3", "--out", other]).ExitCode, Is.EqualTo(0));
        var run = CliFolder.Run("merge", "--out", _folder["m-opts"], "--inputs", $"{ShardFile(0)},{Path.Combine(other, "capacity-shard-1-of-3.json")},{ShardFile(2)}");
        AssertBadInput(run, "merge", "options differ (seed 5 vs. 6)");
    }

    [Test]
    public void Merge_DuplicateCell_ExitsTwo()
    {
        string path = _folder["dup-cell.json"];
        string text = File.ReadAllText(ShardFile(1));
        // Give shard 1 a second copy of its first cell.
        int start = text.IndexOf("\"trials\": [", StringComparison.Ordinal);
        int open = text.IndexOf('{', start), close = text.IndexOf('}', open);
        string cell = text[open..(close + 1)];
        File.WriteAllText(path, text[..(close + 1)] + "," + cell + text[(close + 1)..]);
        AssertBadInput(CliFolder.Run("merge", "--out", _folder["m-cell"], "--inputs", $"{ShardFile(0)},{path},{ShardFile(2)}"), "merge", "Duplicate cell");
    }

    [Test]
    public void Merge_CorruptFile_ExitsTwoNamingIt()
    {
        string path = _folder["corrupt.json"];
        File.WriteAllText(path, File.ReadAllText(ShardFile(1))[..200]);
        AssertBadInput(CliFolder.Run("merge", "--out", _folder["m-corrupt"], "--inputs", $"{ShardFile(0)},{path},{ShardFile(2)}"), "merge", path);
    }

    [Test]
    public void Merge_NoSuchInput_ExitsTwo()
    {
        AssertBadInput(CliFolder.Run("merge", "--out", _folder["m-none"], "--inputs", _folder["nope.json"]), "merge", "no such file or folder");
    }

    [Test]
    public void Merge_FolderWithoutShards_ExitsTwo()
    {
        Directory.CreateDirectory(_folder["empty"]);
        AssertBadInput(CliFolder.Run("merge", "--out", _folder["m-empty"], "--inputs", _folder["empty"]), "merge", "holds no shard files");
    }

    [Test]
    public void Merge_MissingInputs_ExitsTwo()
    {
        AssertBadInput(CliFolder.Run("merge", "--out", _folder["m-noinputs"]), "merge", "--inputs");
    }

    [TestCase("")]
    [TestCase("sub")]
    public void Merge_OutIsOrLiesUnderAFile_ExitsTwoBeforeReadingTheShards(string below)
    {
        string file = _folder["a-file"];
        File.WriteAllText(file, "x");
        string outDir = below.Length == 0 ? file : Path.Combine(file, below);

        var run = CliFolder.Run("merge", "--out", outDir, "--inputs", _folder["nope.json"]);

        AssertBadInput(run, "merge", $"{file} is a file, not a folder");
    }
}
