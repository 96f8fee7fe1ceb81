using System.Reflection;
using Canns.Analysis.Reports;
using Canns.Models;

namespace Canns.Analysis.Tests.Energy;

public class EnergyShardTests
{
    /// <summary>3 patterns × 6 flip fractions = 18 basin cells, and 10 census starts: 28 items.</summary>
    private static EnergyAnalysisOptions Small(int seed = 3, UpdateMode mode = UpdateMode.Asynchronous) => new()
    {
        Neurons = 40, Patterns = 3, Seed = seed, UpdateMode = mode, RandomStates = 20, MaxMixtures = 1, Trajectories = 3, BasinTrials = 3,
        BasinStep = 0.1, CensusStarts = 10, HeatmapSize = 12,
    };

    private const int Items = 28;

    private static readonly Lazy<EnergyAnalysisResult> Whole = new(() => EnergyAnalysis.Run(Small()));

    private static EnergyShard[] Shards(int count, EnergyAnalysisOptions? options = null) =>
        Enumerable.Range(0, count).Select(i => EnergyAnalysis.RunShard(options ?? Small(), new ShardId(i, count))).ToArray();

    private static void AssertSameReport(EnergyAnalysisResult actual, EnergyAnalysisResult expected)
    {
        var want = EnergyReport.Render(expected);
        var got = EnergyReport.Render(actual);
        Assert.That(got.Select(f => f.Name), Is.EqualTo(EnergyReport.FileNames));
        foreach (var (name, content) in want)
        {
            Assert.That(got.Single(f => f.Name == name).Content, Is.EqualTo(content), name);
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(Items + 3)]
    public void Merge_ShardsThroughFiles_EveryReportFileByteIdenticalToUnshardedRun(int count)
    {
        string dir = TestData.TempDirectory();
        var read = Shards(count).Select(s => EnergyShardFile.Read(EnergyShardFile.Write(s, Path.Combine(dir, EnergyShardFile.FileName(s.Shard)))));
        AssertSameReport(EnergyAnalysis.Merge(read.Reverse()), Whole.Value);
    }

    [Test]
    public void Merge_SynchronousUpdates_EveryReportFileByteIdenticalToUnshardedRun()
    {
        var options = Small(seed: 8, UpdateMode.Synchronous);
        AssertSameReport(EnergyAnalysis.Merge(Shards(3, options)), EnergyAnalysis.Run(options));
    }

    [TestCase(StorageRule.DenseCubic, UpdateMode.Asynchronous)]
    [TestCase(StorageRule.DenseExponential, UpdateMode.Synchronous)]
    [TestCase(StorageRule.Storkey, UpdateMode.Asynchronous)]
    public void Merge_OtherRuleThroughFiles_EveryReportFileByteIdenticalToUnshardedRun(StorageRule rule, UpdateMode mode)
    {
        var options = Small(seed: 6, mode);
        options.Rule = rule;
        string dir = TestData.TempDirectory();
        var read = Shards(3, options).Select(s => EnergyShardFile.Read(EnergyShardFile.Write(s, Path.Combine(dir, EnergyShardFile.FileName(s.Shard))))).ToArray();
        Assert.That(read.Select(s => s.Options.Rule), Is.All.EqualTo(rule), "the rule round-trips through the shard file");
        AssertSameReport(EnergyAnalysis.Merge(read), EnergyAnalysis.Run(options));
    }

    [Test]
    public void Merge_RulesDiffer_ThrowsNamingBothRules()
    {
        var dense = Small();
        dense.Rule = StorageRule.DenseCubic;
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([Shards(2)[0], Shards(2, dense)[1]]));
        Assert.That(e!.Message, Does.Contain("options differ (rule hebbian vs. dense3)"));
    }

    [Test]
    public void Merge_NetworkTooLargeForThisMachine_IsRefusedBeforeAnything()
    {
        // Shards as a much larger machine could write them: N = 100,000 (W alone is 10¹⁰ floats, more than an array holds).
        var huge = Small();
        huge.Neurons = 100_000;
        var shards = Shards(2).Select(s => s with { Options = huge.Clone() }).ToArray();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => EnergyAnalysis.Merge(shards));
        Assert.That(e!.Message, Does.Contain("N = 100000").And.Contain("GB"));
    }

    [Test]
    public void Merge_ResultOptionsEqualTheUnshardedRun()
    {
        Assert.That(EnergyAnalysisOptions.Difference(EnergyAnalysis.Merge(Shards(2)).Options, Whole.Value.Options), Is.Null);
    }

    [Test]
    public void RunShard_ThreeShards_EveryItemOnceDealtRoundRobin()
    {
        var shards = Shards(3);
        var cells = shards.SelectMany(s => s.Basins.Select(c => (c.Pattern, c.FractionIndex))).ToArray();
        Assert.That(cells, Is.Unique.And.Length.EqualTo(18));
        Assert.That(shards.SelectMany(s => s.Census.Select(c => c.Start)), Is.EquivalentTo(Enumerable.Range(0, 10)));
        // Fraction-major dealing: basin cell (q, k) is item 3k + q, census start s is item 18 + s; shard i holds j mod 3 = i.
        for (int i = 0; i < 3; i++)
        {
            Assert.That(shards[i].Basins.Select(c => (3 * c.FractionIndex + c.Pattern) % 3), Is.All.EqualTo(i));
            Assert.That(shards[i].Census.Select(c => (18 + c.Start) % 3), Is.All.EqualTo(i));
        }
    }

    [Test]
    public void RunShard_FourShards_BalancedAcrossFlipFractions()
    {
        var shards = Shards(4);
        var sizes = shards.Select(s => s.Basins.Count + s.Census.Count).ToArray();
        Assert.That(sizes.Max() - sizes.Min(), Is.LessThanOrEqualTo(1));
        // Every shard gets cells of low and of high flip fractions, not a block of the cheap low ones or the dear high ones.
        Assert.That(shards.Select(s => s.Basins.Min(c => c.FractionIndex)), Is.All.LessThan(2));
        Assert.That(shards.Select(s => s.Basins.Max(c => c.FractionIndex)), Is.All.GreaterThanOrEqualTo(4));
    }

    [Test]
    public void RunShard_MoreShardsThanItems_LastShardsEmpty()
    {
        var shards = Shards(Items + 2);
        Assert.That(shards.Take(Items).Select(s => s.Basins.Count + s.Census.Count), Is.All.EqualTo(1));
        Assert.That(shards.Skip(Items).Select(s => s.Basins.Count + s.Census.Count), Is.All.EqualTo(0));
    }

    [Test]
    public void RunShard_CountsMatchTheUnshardedBasinsAndCensus()
    {
        var all = Shards(2).SelectMany(s => s.Census).OrderBy(c => c.Start).ToArray();
        Assert.That(all.Select(c => c.Kind), Is.EqualTo(Whole.Value.Census.Kinds));
        Assert.That(all.Select(c => c.Energy), Is.EqualTo(Whole.Value.Census.Energies));
        foreach (var c in Shards(2).SelectMany(s => s.Basins))
        {
            Assert.That((double)c.Successes / 3, Is.EqualTo(Whole.Value.Basins[c.Pattern].SuccessRates[c.FractionIndex]));
        }
    }

    [Test]
    public void RunShard_BadOptions_ThrowsNamingThem()
    {
        var options = Small();
        options.BasinTrials = 0;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => EnergyAnalysis.RunShard(options, new ShardId(0, 2)));
        Assert.That(e!.Message, Does.Contain("BasinTrials (0)"));
    }

    [Test]
    public void RunShard_DefaultShardId_Throws()
    {
        Assert.Throws<ArgumentException>(() => EnergyAnalysis.RunShard(Small(), default));
    }

    [Test]
    public void RunShard_NullOptions_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => EnergyAnalysis.RunShard(null!, new ShardId(0, 1)));
    }

    [Test]
    public void Merge_ShardsOfDifferentBuilds_ThrowsNamingBoth()
    {
        var shards = Shards(2);
        Assert.That(shards.Select(s => s.Producer), Is.All.EqualTo(ReportOutput.Producer));
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([shards[0] with { Producer = "Canns 0.9.0+abc" }, shards[1]]));
        Assert.That(e!.Message, Does.Contain("Shard 1/2 was run by '" + ReportOutput.Producer + "' and shard 0/2 by 'Canns 0.9.0+abc'"));
    }

    [Test]
    public void Merge_NoShards_Throws()
    {
        Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([]));
    }

    [Test]
    public void Merge_DefaultShardId_Throws()
    {
        Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([Shards(1)[0] with { Shard = default }]));
    }

    [Test]
    public void Merge_ShardWithoutCensus_ThrowsArgumentNull()
    {
        var shards = Shards(2);
        Assert.Throws<ArgumentNullException>(() => EnergyAnalysis.Merge([shards[0], shards[1] with { Census = null! }]));
    }

    [Test]
    public void Merge_MissingShard_ThrowsNamingIt()
    {
        var shards = Shards(4);
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([shards[0], shards[1], shards[3]]));
        Assert.That(e!.Message, Does.Contain("Missing shard 2/4"));
    }

    [Test]
    public void Merge_ShardGivenTwice_ThrowsNamingIt()
    {
        var shards = Shards(2);
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([shards[0], shards[1], shards[1]]));
        Assert.That(e!.Message, Does.Contain("Shard 1/2 is given twice"));
    }

    [Test]
    public void Merge_DifferentShardCounts_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([Shards(2)[0], Shards(3)[1]]));
        Assert.That(e!.Message, Does.Contain("different splits: shard 0/2 and shard 1/3"));
    }

    [Test]
    public void Merge_SeedsDiffer_ThrowsNamingTheOptionAndBothValues()
    {
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([Shards(2)[0], Shards(2, Small(seed: 4))[1]]));
        Assert.That(e!.Message, Does.Contain("options differ (seed 3 vs. 4)"));
    }

    [Test]
    public void Merge_BasinStepsDiffer_ThrowsNamingTheOptionAndBothValues()
    {
        var other = Small();
        other.BasinStep = 0.125;
        var shards = Shards(2);
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([shards[0], shards[1] with { Options = other }]));
        Assert.That(e!.Message, Does.Contain("options differ (basin step 0.1 vs. 0.125)"));
    }

    /// <summary>Every public option takes part in the comparison, so a merge never mixes two analyses.</summary>
    [TestCaseSource(nameof(OptionNames))]
    public void Difference_EachOptionChanged_IsNamed(string name)
    {
        var property = typeof(EnergyAnalysisOptions).GetProperty(name)!;
        var a = Small();
        var b = Small();
        object changed = property.GetValue(a) switch
        {
            int i => i + 1,
            double d => d / 2,
            float f => f + 0.5f,
            UpdateMode m => m == UpdateMode.Synchronous ? UpdateMode.Asynchronous : UpdateMode.Synchronous,
            StorageRule r => r == StorageRule.Hebbian ? StorageRule.DenseCubic : StorageRule.Hebbian,
            var v => throw new AssertionException($"no change for {v}"),
        };
        property.SetValue(b, changed);
        Assert.That(EnergyAnalysisOptions.Difference(a, b), Is.Not.Null.And.Contain(" vs. "), name);
        Assert.That(EnergyAnalysisOptions.Difference(a, Small()), Is.Null);
    }

    private static IEnumerable<string> OptionNames() =>
        typeof(EnergyAnalysisOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);

    [Test]
    public void Merge_DuplicateBasinCell_Throws()
    {
        var shards = Shards(2);
        var tampered = shards[1] with { Basins = [.. shards[1].Basins, shards[1].Basins[0]] };
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([shards[0], tampered]));
        Assert.That(e!.Message, Does.Contain("Duplicate basin cell"));
    }

    [Test]
    public void Merge_DuplicateCensusStart_Throws()
    {
        var shards = Shards(2);
        var tampered = shards[0] with { Census = [.. shards[0].Census, shards[0].Census[^1]] };
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([shards[1], tampered]));
        Assert.That(e!.Message, Does.Contain($"Duplicate census start {shards[0].Census[^1].Start} in shard 0/2"));
    }

    [Test]
    public void Merge_BasinCellInTheWrongShard_ThrowsNamingItsShard()
    {
        var shards = Shards(2);
        var moved = shards[0].Basins[0];
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge(
            [shards[0] with { Basins = shards[0].Basins.Skip(1).ToArray() }, shards[1] with { Basins = [.. shards[1].Basins, moved] }]));
        Assert.That(e!.Message, Does.Contain($"basin cell (pattern {moved.Pattern}, fraction {moved.FractionIndex}), which belongs to shard 0/2"));
    }

    [Test]
    public void Merge_CensusStartInTheWrongShard_ThrowsNamingItsShard()
    {
        var shards = Shards(2);
        var moved = shards[1].Census[0];
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge(
            [shards[0] with { Census = [.. shards[0].Census, moved] }, shards[1] with { Census = shards[1].Census.Skip(1).ToArray() }]));
        Assert.That(e!.Message, Does.Contain($"census start {moved.Start}, which belongs to shard 1/2"));
    }

    [Test]
    public void Merge_BasinCellNotInTheAnalysis_Throws()
    {
        var shards = Shards(1);
        var tampered = shards[0] with { Basins = [.. shards[0].Basins, new BasinCellResult(3, 0, 1)] };
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([tampered]));
        Assert.That(e!.Message, Does.Contain("basin cell (pattern 3, fraction 0) that is not in the analysis"));
    }

    [Test]
    public void Merge_CensusStartNotInTheAnalysis_Throws()
    {
        var shards = Shards(1);
        var tampered = shards[0] with { Census = [.. shards[0].Census, shards[0].Census[0] with { Start = 10 }] };
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([tampered]));
        Assert.That(e!.Message, Does.Contain("census start (10) that is not in the analysis"));
    }

    [Test]
    public void Merge_MoreSuccessesThanTrials_Throws()
    {
        var shards = Shards(1);
        var tampered = shards[0] with { Basins = [shards[0].Basins[0] with { Successes = 4 }, .. shards[0].Basins.Skip(1)] };
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([tampered]));
        Assert.That(e!.Message, Does.Contain("with 4 successes out of 3 trials"));
    }

    [Test]
    public void Merge_UnconvergedStartNotCountedAsOther_Throws()
    {
        var shards = Shards(1);
        var tampered = shards[0] with { Census = [shards[0].Census[0] with { Kind = AttractorKind.Stored, Converged = false }, .. shards[0].Census.Skip(1)] };
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([tampered]));
        Assert.That(e!.Message, Does.Contain("census start 0 with kind Stored though it did not converge"));
    }

    [Test]
    public void Merge_ShardLacksABasinCell_ThrowsNamingIt()
    {
        var shards = Shards(2);
        var lost = shards[1].Basins[1];
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([shards[0], shards[1] with { Basins = shards[1].Basins.Where(c => c != lost).ToArray() }]));
        Assert.That(e!.Message, Does.Contain($"Shard 1/2 lacks basin cell (pattern {lost.Pattern}, fraction {lost.FractionIndex}); 1 item(s) missing"));
    }

    [Test]
    public void Merge_ShardLacksACensusStart_ThrowsNamingIt()
    {
        var shards = Shards(2);
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Merge([shards[0] with { Census = shards[0].Census.Skip(1).ToArray() }, shards[1]]));
        Assert.That(e!.Message, Does.Contain($"Shard 0/2 lacks census start {shards[0].Census[0].Start}"));
    }

    [Test]
    public void Merge_NullShard_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => EnergyAnalysis.Merge([Shards(1)[0], null!]));
    }
}
