using Canns.Analysis.Reports;

namespace Canns.Analysis.Tests.Capacity;

public class CapacityShardTests
{
    private static CapacityStudyOptions Small(int seed = 11) => new()
    {
        Neurons = [64], Loads = [0.05, 0.1, 0.2], Trials = 3, Seed = seed,
    };

    private static readonly Lazy<CapacityStudyResult> Whole = new(() => CapacityStudy.Run(Small()));

    private static CapacityShard[] Shards(int count, CapacityStudyOptions? options = null) =>
        Enumerable.Range(0, count).Select(i => CapacityStudy.RunShard(options ?? Small(), new ShardId(i, count))).ToArray();

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Merge_ShardsThroughFiles_DataFilesByteIdenticalToUnshardedRun(int count)
    {
        string dir = TestData.TempDirectory();
        var read = Shards(count).Select(s => CapacityShardFile.Read(CapacityShardFile.Write(s, Path.Combine(dir, CapacityShardFile.FileName(s.Shard)))));
        var merged = CapacityStudy.Merge(read.Reverse());
        var expected = CapacityReport.Render(Whole.Value);
        var actual = CapacityReport.Render(merged);
        foreach (string name in new[] { "capacity.json", "points.csv", "trials.csv" })
        {
            Assert.That(actual.Single(f => f.Name == name).Content, Is.EqualTo(expected.Single(f => f.Name == name).Content), name);
        }
    }

    [Test]
    public void ShardCells_ThreeShards_EveryCellOnceAndBalanced()
    {
        var plan = CapacityStudy.Plan(Small());
        var shards = Enumerable.Range(0, 3).Select(i => CapacityStudy.ShardCells(plan, new ShardId(i, 3))).ToArray();
        Assert.That(shards.SelectMany(s => s), Is.EquivalentTo(plan.Cells));
        Assert.That(shards.Select(s => s.Count), Is.All.EqualTo(3));
        // Strided: each shard gets a trial of every load, not a block of the cheapest or the dearest loads.
        Assert.That(shards.Select(s => s.Select(c => c.PointIndex).Distinct().Count()), Is.All.EqualTo(3));
    }

    [Test]
    public void RunShard_MoreShardsThanCells_EmptyShardsStillMerge()
    {
        var options = Small();
        options.Loads = [0.1];
        options.Trials = 2;
        var shards = Shards(4, options);
        Assert.That(shards.Select(s => s.Results.Count), Is.EqualTo(new[] { 1, 1, 0, 0 }));
        Assert.That(CapacityStudy.Merge(shards).Trials, Is.EqualTo(CapacityStudy.Run(options).Trials));
    }

    [Test]
    public void Merge_NoShards_Throws()
    {
        Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([]));
    }

    [Test]
    public void Merge_ShardWithoutResults_ThrowsArgumentNull()
    {
        var shards = Shards(2);
        Assert.Throws<ArgumentNullException>(() => CapacityStudy.Merge([shards[0], shards[1] with { Results = null! }]));
    }

    [Test]
    public void Merge_MissingShard_ThrowsNamingIt()
    {
        var shards = Shards(3);
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([shards[0], shards[2]]));
        Assert.That(e!.Message, Does.Contain("Missing shard 1/3"));
    }

    [Test]
    public void Merge_OneShardOfAHugeSplit_MessageNamesTheFirstMissingAndCountsTheRest()
    {
        // More shards than cells is allowed, so a split may run to millions; the message must not list them all.
        var options = Small();
        options.Loads = [0.1];
        options.Trials = 1;
        var shard = CapacityStudy.RunShard(options, new ShardId(0, 2_000_000));
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([shard]));
        Assert.That(e!.Message, Does.StartWith("Missing shards 1/2000000, 2/2000000,").And.Contain("10/2000000 and 1999989 more: all 2000000 are needed."));
        Assert.That(e.Message, Has.Length.LessThan(400));
    }

    [Test]
    public void Merge_ShardGivenTwice_ThrowsNamingIt()
    {
        var shards = Shards(2);
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([shards[0], shards[1], shards[1]]));
        Assert.That(e!.Message, Does.Contain("Shard 1/2 is given twice"));
    }

    [Test]
    public void Merge_OptionsDiffer_ThrowsNamingTheOption()
    {
        var a = Shards(2);
        var b = Shards(2, Small(seed: 12));
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([a[0], b[1]]));
        Assert.That(e!.Message, Does.Contain("options differ").And.Contain("seed 11 vs. 12"));
    }

    [Test]
    public void Merge_LoadsDiffer_ThrowsNamingTheLoads()
    {
        var other = Small();
        other.Loads = [0.05, 0.1, 0.25];
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([Shards(2)[0], Shards(2, other)[1]]));
        Assert.That(e!.Message, Does.Contain("loads [0.05, 0.1, 0.2] vs. [0.05, 0.1, 0.25]"));
    }

    [Test]
    public void RunShard_RecordsThisBuildAsProducer()
    {
        Assert.That(Shards(1)[0].Producer, Is.EqualTo(ReportOutput.Producer));
        Assert.That(ReportOutput.Producer, Does.Match(@"^Canns \d+\.\d+\.\d+"));
    }

    [Test]
    public void Merge_ShardsOfDifferentBuilds_ThrowsNamingBoth()
    {
        var shards = Shards(2);
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([shards[0], shards[1] with { Producer = "Canns 0.9.0+abc" }]));
        Assert.That(e!.Message, Does.Contain("Shard 1/2 was run by 'Canns 0.9.0+abc' and shard 0/2 by '" + ReportOutput.Producer + "'")
            .And.Contain("same build"));
    }

    [Test]
    public void Merge_ShardOfUnknownBuildAmongKnown_Throws()
    {
        var shards = Shards(2);
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([shards[0] with { Producer = null }, shards[1]]));
        Assert.That(e!.Message, Does.Contain("shard 0/2 by an unknown build"));
    }

    [Test]
    public void Merge_ShardsAllOfUnknownBuild_MergeAsBefore()
    {
        // Files written before the producer was recorded read with none; a whole set of them still merges.
        var merged = CapacityStudy.Merge(Shards(2).Select(s => s with { Producer = null }));
        Assert.That(merged.Trials, Is.EqualTo(Whole.Value.Trials));
    }

    [Test]
    public void Merge_DifferentShardCounts_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([Shards(2)[0], Shards(3)[1]]));
        Assert.That(e!.Message, Does.Contain("different splits"));
    }

    [Test]
    public void Merge_DuplicateCellInAShard_Throws()
    {
        var shards = Shards(2);
        var tampered = shards[1] with { Results = [.. shards[1].Results, shards[1].Results[0]] };
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([shards[0], tampered]));
        Assert.That(e!.Message, Does.Contain("Duplicate cell"));
    }

    [Test]
    public void Merge_CellInTheWrongShard_ThrowsNamingItsShard()
    {
        var shards = Shards(2);
        var tampered = shards[1] with { Results = [.. shards[1].Results, shards[0].Results[0]] };
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([shards[0], tampered]));
        Assert.That(e!.Message, Does.Contain("belongs to shard 0/2"));
    }

    [Test]
    public void Merge_CellNotInStudy_Throws()
    {
        var shards = Shards(2);
        var tampered = shards[1] with { Results = [shards[1].Results[0] with { Seed = shards[1].Results[0].Seed + 1 }, .. shards[1].Results.Skip(1)] };
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([shards[0], tampered]));
        Assert.That(e!.Message, Does.Contain("not in the study"));
    }

    [Test]
    public void Merge_CellWithAnotherPatternCount_ThrowsInsteadOfSummarizingIt()
    {
        var shards = Shards(2);
        var first = shards[1].Results[0];
        var tampered = shards[1] with { Results = [first with { Patterns = first.Patterns + 5 }, .. shards[1].Results.Skip(1)] };
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([shards[0], tampered]));
        Assert.That(e!.Message, Does.Contain($"point {first.PointIndex}").And.Contain($"{first.Patterns + 5} patterns"));
        var plan = CapacityStudy.Plan(Small());
        Assert.Throws<ArgumentException>(() => CapacityStudy.Summarize(plan, [.. shards[0].Results, .. tampered.Results]));
    }

    [Test]
    public void Merge_ShardLacksACell_ThrowsNamingIt()
    {
        var shards = Shards(2);
        var tampered = shards[1] with { Results = shards[1].Results.Skip(1).ToArray() };
        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([shards[0], tampered]));
        Assert.That(e!.Message, Does.Contain("Shard 1/2 lacks cell (point 0, trial 1)"));
    }

    [Test]
    public void Merge_SmallMemoryBudgetInOptions_StillMerges()
    {
        var shards = Shards(1);
        shards[0].Options.MemoryBudgetBytes = 1;
        Assert.That(CapacityStudy.Merge(shards).Trials, Is.EqualTo(Whole.Value.Trials));
    }

    [Test]
    public void Merge_DefaultShardId_Throws()
    {
        var shard = Shards(1)[0] with { Shard = default };
        Assert.Throws<ArgumentException>(() => CapacityStudy.Merge([shard]));
    }

    [Test]
    public void ShardCells_DefaultShardId_Throws()
    {
        Assert.Throws<ArgumentException>(() => CapacityStudy.ShardCells(CapacityStudy.Plan(Small()), default));
    }

    [Test]
    public void ShardIdOwns_DefaultValue_ThrowsNamingTheUninitialisedShardInsteadOfDividingByZero()
    {
        // default(ShardId) has count 0, refused by every study method; Owns divided by it (DivideByZeroException).
        var e = Assert.Throws<InvalidOperationException>(() => default(ShardId).Owns(0));
        Assert.That(e!.Message, Does.Contain("uninitialised (count 0)"));
    }

    [Test]
    public void ShardIdOwns_EveryCell_BelongsToExactlyOneShard()
    {
        // k mod n = i, checked by a naive count over 3 shards and 10 cells.
        var shards = Enumerable.Range(0, 3).Select(i => new ShardId(i, 3)).ToArray();
        for (int k = 0; k < 10; k++)
        {
            Assert.That(shards.Count(s => s.Owns(k)), Is.EqualTo(1), $"cell {k}");
            Assert.That(shards[k % 3].Owns(k), Is.True, $"cell {k}");
        }
    }

    [TestCase("0/1", 0, 1)]
    [TestCase("3/8", 3, 8)]
    public void ShardIdParse_Valid_ReadsIndexAndCount(string text, int index, int count)
    {
        var id = ShardId.Parse(text);
        Assert.That((id.Index, id.Count), Is.EqualTo((index, count)));
        Assert.That(id.ToString(), Is.EqualTo(text));
    }

    [TestCase("1/1")]
    [TestCase("-1/2")]
    [TestCase("0/0")]
    [TestCase("2")]
    [TestCase("a/b")]
    [TestCase("0/2/3")]
    [TestCase(" 0/2")]
    [TestCase("")]
    public void ShardIdParse_Invalid_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => ShardId.Parse(text));
    }

    [TestCase(0, 0)]
    [TestCase(2, 2)]
    [TestCase(-1, 2)]
    public void ShardIdConstructor_OutOfRange_Throws(int index, int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ShardId(index, count));
    }

    [Test]
    public void RunCells_CellNotOfThePlan_ThrowsNamingItAndRunsNothing()
    {
        var plan = CapacityStudy.Plan(Small());
        var foreign = plan.Cells[0] with { Seed = plan.Cells[0].Seed + 1 };
        var progress = new List<AnalysisProgress>();

        var e = Assert.Throws<ArgumentException>(() => CapacityStudy.RunCells(plan, [plan.Cells[1], foreign], new SyncProgress<AnalysisProgress>(progress.Add)));

        Assert.That(e!.Message, Does.Contain($"Cell (point {foreign.PointIndex}, trial {foreign.Trial}, seed {foreign.Seed}) is not part of the plan"));
        Assert.That(progress, Is.Empty, "the cells are checked before any runs");
        Assert.Throws<ArgumentException>(() => CapacityStudy.RunCells(plan, [plan.Cells[0] with { Trial = Small().Trials }]));
    }
}
