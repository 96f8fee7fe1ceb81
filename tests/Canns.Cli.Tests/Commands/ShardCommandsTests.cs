namespace Canns.Cli.Tests.Commands;

/// <summary>
/// <c>canns capacity --shard</c> and <c>canns merge</c> of capacity shards: the shared contract
/// (<see cref="ShardCommandsContract"/>), edited shards, and the merge command's own input checks.
/// </summary>
public class ShardCommandsTests : ShardCommandsContract
{
    private static readonly string[] Study = ["--neurons", "64", "--loads", "0.05,0.1,0.2", "--trials", "3", "--seed", "5"];

    /// <inheritdoc />
    protected override string Command => "capacity";

    /// <inheritdoc />
    protected override string[] Arguments => Study;

    /// <inheritdoc />
    protected override string Kind => "capacity";

    /// <inheritdoc />
    protected override IEnumerable<string> ReportFiles => ["capacity.json", "points.csv", "trials.csv"];

    [Test]
    public void Merge_OptionsDiffer_ExitsTwoNamingTheOption()
    {
        string other = Folder["other-seed"];
        string[] study = [.. Study[..^1], "6"];
        Assert.That(CliFolder.Run(["capacity", .. study, "--shard", "1/3", "--out", other]).ExitCode, Is.EqualTo(0));
        var run = CliFolder.Run("merge", "--out", Folder["m-opts"], "--inputs", $"{ShardFile(0)},{Path.Combine(other, "capacity-shard-1-of-3.json")},{ShardFile(2)}");
        AssertBadInput(run, "merge", "options differ (seed 5 vs. 6)");
    }

    [Test]
    public void Merge_DuplicateCell_ExitsTwo()
    {
        string path = Folder["dup-cell.json"];
        string text = File.ReadAllText(ShardFile(1));
        // Give shard 1 a second copy of its first cell.
        int start = text.IndexOf("\"trials\": [", StringComparison.Ordinal);
        int open = text.IndexOf('{', start), close = text.IndexOf('}', open);
        string cell = text[open..(close + 1)];
        File.WriteAllText(path, text[..(close + 1)] + "," + cell + text[(close + 1)..]);
        // The reader refuses the file itself, naming it and the entry, before the merge writes anything.
        AssertBadInput(CliFolder.Run("merge", "--out", Folder["m-cell"], "--inputs", $"{ShardFile(0)},{path},{ShardFile(2)}"), "merge",
            "dup-cell.json: not a valid capacity shard file: trials[1] repeats the cell");
        Assert.That(Directory.Exists(Folder["m-cell"]), Is.False, "nothing written");
    }

    [Test]
    public void Merge_NoSuchInput_ExitsTwo()
    {
        AssertBadInput(CliFolder.Run("merge", "--out", Folder["m-none"], "--inputs", Folder["nope.json"]), "merge", "no such file or folder");
    }

    [Test]
    public void Merge_FolderWithoutShards_ExitsTwo()
    {
        Directory.CreateDirectory(Folder["empty"]);
        AssertBadInput(CliFolder.Run("merge", "--out", Folder["m-empty"], "--inputs", Folder["empty"]), "merge", "holds no shard files");
    }

    [Test]
    public void Merge_MissingInputs_ExitsTwo()
    {
        AssertBadInput(CliFolder.Run("merge", "--out", Folder["m-noinputs"]), "merge", "--inputs");
    }

    [TestCase("")]
    [TestCase("sub")]
    public void Merge_OutIsOrLiesUnderAFile_ExitsTwoBeforeReadingTheShards(string below)
    {
        string file = Folder["a-file"];
        File.WriteAllText(file, "x");
        string outDir = below.Length == 0 ? file : Path.Combine(file, below);

        var run = CliFolder.Run("merge", "--out", outDir, "--inputs", Folder["nope.json"]);

        AssertBadInput(run, "merge", $"{file} is a file, not a folder");
    }
}
