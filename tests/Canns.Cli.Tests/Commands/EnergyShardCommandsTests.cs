using Canns.Analysis.Reports;

namespace Canns.Cli.Tests.Commands;

/// <summary>
/// <c>canns energy-report --shard</c> and <c>canns merge</c> of energy shards: the shared contract
/// (<see cref="ShardCommandsContract"/>), other rules, mixed kinds and edited shards.
/// </summary>
public class EnergyShardCommandsTests : ShardCommandsContract
{
    private static readonly string[] Analysis = ["--neurons", "40", "--patterns", "3", "--seed", "5"];

    /// <inheritdoc />
    protected override string Command => "energy-report";

    /// <inheritdoc />
    protected override string[] Arguments => Analysis;

    /// <inheritdoc />
    protected override string Kind => "energy";

    /// <inheritdoc />
    protected override IEnumerable<string> ReportFiles => EnergyReport.FileNames;

    [Test]
    public void Merge_OptionsDiffer_ExitsTwoNamingTheOption()
    {
        string other = Folder["other-patterns"];
        string[] analysis = ["--neurons", "40", "--patterns", "4", "--seed", "5"];
        Assert.That(CliFolder.Run(["energy-report", .. analysis, "--shard", "1/3", "--out", other]).ExitCode, Is.EqualTo(0));
        var run = CliFolder.Run("merge", "--out", Folder["m-opts"], "--inputs", $"{ShardFile(0)},{Path.Combine(other, "energy-shard-1-of-3.json")},{ShardFile(2)}");
        AssertBadInput(run, "merge", "options differ (patterns 3 vs. 4)");
    }

    [Test]
    public void Merge_RulesDiffer_ExitsTwoNamingBothRules()
    {
        string other = Folder["other-rule"];
        Assert.That(CliFolder.Run(["energy-report", .. Analysis, "--rule", "dense3", "--shard", "1/3", "--out", other]).ExitCode, Is.EqualTo(0));
        var run = CliFolder.Run("merge", "--out", Folder["m-rule"], "--inputs", $"{ShardFile(0)},{Path.Combine(other, "energy-shard-1-of-3.json")},{ShardFile(2)}");
        AssertBadInput(run, "merge", "options differ (rule hebbian vs. dense3)");
        Assert.That(Directory.Exists(Folder["m-rule"]), Is.False);
    }

    [Test]
    public void Merge_DenseShards_EveryReportFileByteIdenticalToUnshardedRun()
    {
        string[] dense = [.. Analysis, "--rule", "dense-exp"];
        Assert.That(CliFolder.Run(["energy-report", .. dense, "--out", Folder["dense-whole"]]).ExitCode, Is.EqualTo(0));
        for (int i = 0; i < 2; i++) Assert.That(CliFolder.Run(["energy-report", .. dense, "--shard", $"{i}/2", "--out", Folder["dense-shards"]]).ExitCode, Is.EqualTo(0));
        Assert.That(CliFolder.Run("merge", "--out", Folder["dense-merged"], "--inputs", Folder["dense-shards"]).ExitCode, Is.EqualTo(0));
        AssertSameReport(Folder["dense-merged"], Folder["dense-whole"]);
    }

    [Test]
    public void Merge_CapacityAndEnergyShards_ExitsTwoNamingBothKinds()
    {
        string capacity = Folder["capacity-shards"];
        Assert.That(CliFolder.Run("capacity", "--neurons", "40", "--loads", "0.1", "--trials", "1", "--shard", "0/1", "--out", capacity).ExitCode, Is.EqualTo(0));
        string capacityFile = Path.Combine(capacity, "capacity-shard-0-of-1.json");
        var run = CliFolder.Run("merge", "--out", Folder["m-mixed"], "--inputs", $"{ShardFile(0)},{capacityFile}");
        AssertBadInput(run, "merge", $"mixes energy shards ({ShardFile(0)}) and capacity shards ({capacityFile})");
        Assert.That(Directory.Exists(Folder["m-mixed"]), Is.False);
    }

    [Test]
    public void Merge_FolderWithBothKinds_PicksUpBothAndExitsTwoNamingBothKinds()
    {
        string dir = Folder["both"];
        Assert.That(CliFolder.Run("capacity", "--neurons", "40", "--loads", "0.1", "--trials", "1", "--shard", "0/1", "--out", dir).ExitCode, Is.EqualTo(0));
        Assert.That(CliFolder.Run(["energy-report", .. Analysis, "--shard", "0/1", "--out", dir]).ExitCode, Is.EqualTo(0));
        var run = CliFolder.Run("merge", "--out", Folder["m-both"], "--inputs", dir);
        AssertBadInput(run, "merge", "mixes capacity shards");
        Assert.That(run.Stderr, Does.Contain("and energy shards"));
    }

    [Test]
    public void Merge_FolderOfOneEnergyShard_ReportByteIdenticalToUnshardedRun()
    {
        string dir = Folder["single"];
        Assert.That(CliFolder.Run(["energy-report", .. Analysis, "--shard", "0/1", "--out", dir]).ExitCode, Is.EqualTo(0));
        Assert.That(CliFolder.Run("merge", "--out", Folder["m-single"], "--inputs", dir).ExitCode, Is.EqualTo(0));
        AssertSameReport(Folder["m-single"]);
    }

    [Test]
    public void Merge_CorruptEnergyShard_ExitsTwoNamingIt()
    {
        string path = Folder["corrupt.json"];
        File.WriteAllText(path, File.ReadAllText(ShardFile(1)).Replace("\"successes\": ", "\"successes\": -", StringComparison.Ordinal));
        AssertBadInput(CliFolder.Run("merge", "--out", Folder["m-corrupt"], "--inputs", $"{ShardFile(0)},{path},{ShardFile(2)}"), "merge", path);
    }

    [Test]
    public void Merge_ReportJsonInsteadOfAShard_ExitsTwoNamingIt()
    {
        string report = Path.Combine(Folder["whole"], "energy.json");
        AssertBadInput(CliFolder.Run("merge", "--out", Folder["m-report"], "--inputs", report), "merge", $"{report}: not a shard file: its kind is 'energy-analysis'");
    }

    [Test]
    public void Help_EnergyReportAndMerge_MentionShards()
    {
        Assert.That(CliFolder.Run("energy-report", "--help").Stdout, Does.Contain("--shard i/n").And.Contain("energy-shard-i-of-n.json"));
        Assert.That(CliFolder.Run("merge", "--help").Stdout, Does.Contain("energy-shard-*-of-*.json").And.Contain("capacity-shard-*-of-*.json"));
    }
}
