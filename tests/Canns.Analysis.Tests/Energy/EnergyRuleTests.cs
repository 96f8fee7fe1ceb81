using System.Net;
using Canns.Analysis.Reports;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis.Tests.Energy;

/// <summary>The energy analysis under every storage rule, and a dense memory against Hebb's rule at a load Hebb's cannot hold.</summary>
public class EnergyRuleTests
{
    /// <summary>
    /// N = 100, P = 30 (α = 0.3, more than twice Hebb's 0.138), asynchronous: 30 patterns × 11 flip fractions × 10 probes
    /// and 100 census starts, under a second per rule.
    /// </summary>
    private static EnergyAnalysisOptions HighLoad(StorageRule rule) => new()
    {
        Neurons = 100, Patterns = 30, Rule = rule, Seed = 11, UpdateMode = UpdateMode.Asynchronous, RandomStates = 200, MaxMixtures = 20, Trajectories = 4,
        BasinTrials = 10, BasinStep = 0.05, CensusStarts = 100, HeatmapSize = 100,
    };

    private static readonly Lazy<EnergyAnalysisResult> Dense = new(() => EnergyAnalysis.Run(HighLoad(StorageRule.DenseCubic)));
    private static readonly Lazy<EnergyAnalysisResult> Hebbian = new(() => EnergyAnalysis.Run(HighLoad(StorageRule.Hebbian)));

    [Test]
    public void Run_DenseCubicAtHighLoad_EveryStoredEnergyBelowEveryRandomEnergy()
    {
        var s = Dense.Value.States;
        Assert.That(s.Stored, Has.Count.EqualTo(30));
        Assert.That(s.Stored.Max(), Is.LessThan(s.Random.Min()));
    }

    /// <remarks>
    /// With a fraction f of bits flipped, the target memory's share of a unit's field, F(x + 1) − F(x − 1) for
    /// x ≈ N(1 − 2f), is about 6N²(1 − 2f)², against crosstalk of standard deviation about √(108 P)·N from the
    /// other P − 1 memories (x ~ N(0, N)). At N = 100, P = 30, f = 0.2 that is 21,600 against 5,700: a wrong unit
    /// is a 4σ event, so a probe with a fifth of its bits flipped is recalled exactly almost always.
    /// </remarks>
    [Test]
    public void Run_DenseCubicAtHighLoad_EveryBasinRadiusAtLeastAFifth()
    {
        Assert.That(Dense.Value.Basins.Select(b => b.Radius), Has.All.GreaterThanOrEqualTo(0.2));
    }

    [Test]
    public void Run_DenseCubicAtHighLoad_CensusFindsMostlyStoredPatterns()
    {
        var census = Dense.Value.Census;
        Assert.That(census.Count(AttractorKind.Stored) + census.Count(AttractorKind.Inverted), Is.GreaterThanOrEqualTo(90), "of 100 random starts");
    }

    [Test]
    public void Run_HebbianAtTheSameLoad_BasinsFarSmallerThanTheDenseMemorys()
    {
        double dense = Dense.Value.Basins.Average(b => b.Radius), hebbian = Hebbian.Value.Basins.Average(b => b.Radius);
        Assert.That(hebbian, Is.LessThan(dense - 0.2), $"mean radius: Hebbian {hebbian}, dense {dense}");
    }

    [Test]
    public void Run_DenseMemory_NoWeightStatisticsAndHeatmapOfStoredMemoriesByNeurons()
    {
        var r = Dense.Value;
        Assert.That(r.Weights, Is.Null);
        Assert.That((r.Heatmap.Rows, r.Heatmap.Columns, r.Heatmap.Values.Count), Is.EqualTo((30, 100, 3000)));
        Assert.That(r.Heatmap.Values, Has.All.EqualTo(1.0).Or.EqualTo(-1.0), "the memories are the ±1 patterns");
        Assert.That(r.Heatmap.MaxAbs, Is.EqualTo(1.0));
    }

    [Test]
    public void Run_Hebbian_WeightStatisticsAndSquareHeatmap()
    {
        var r = Hebbian.Value;
        Assert.That(r.Weights, Is.Not.Null);
        Assert.That(r.Weights!.Neurons, Is.EqualTo(100));
        Assert.That((r.Heatmap.Rows, r.Heatmap.Columns, r.Heatmap.Values.Count), Is.EqualTo((100, 100, 10000)));
    }

    [Test]
    public void Run_DenseMemoryWithSmallHeatmapSize_HeatmapIsTheTopLeftBlock()
    {
        var options = Small(StorageRule.DenseExponential);
        options.HeatmapSize = 4;
        var heatmap = EnergyAnalysis.Run(options).Heatmap;
        Assert.That((heatmap.Rows, heatmap.Columns), Is.EqualTo((4, 4)));
    }

    [Test]
    public void Report_DenseMemory_SaysWhyThereAreNoWeightStatisticsAndLabelsTheMemoryMatrix()
    {
        var files = EnergyReport.Render(Dense.Value).ToDictionary(f => f.Name, f => f.Content);
        Assert.That(WebUtility.HtmlDecode(files["report.html"]), Does.Contain("W is the P × N memory matrix (P = 30, N = 100); weight statistics apply to square W.")
            .And.Contain("memory μ").And.Contain("neuron j").And.Contain("top-left 30 × 100 block").And.Contain("dense3")
            .And.Contain("with F(x) = x³").And.Contain("Energy analysis of a dense associative memory"));
        Assert.That(files["summary.md"], Does.Contain("weight statistics apply to square W").And.Not.Contain("Symmetry error"));
        Assert.That(files["energy.json"], Does.Contain("\"weights\": null").And.Contain("\"rule\": \"dense3\""));
    }

    [Test]
    public void Report_Hebbian_HasWeightStatisticsAndNeuronByNeuronHeatmap()
    {
        var files = EnergyReport.Render(Hebbian.Value).ToDictionary(f => f.Name, f => f.Content);
        Assert.That(WebUtility.HtmlDecode(files["report.html"]), Does.Contain("symmetry error").And.Contain("postsynaptic neuron i").And.Contain("top-left 100 × 100 block")
            .And.Not.Contain("memory matrix"));
        Assert.That(files["energy.json"], Does.Contain("\"symmetryError\"").And.Contain("\"rule\": \"hebbian\""));
    }

    /// <summary>N = 40, P = 6: a second or less for all seven rules.</summary>
    private static EnergyAnalysisOptions Small(StorageRule rule) => new()
    {
        Neurons = 40, Patterns = 6, Rule = rule, Seed = 5, RandomStates = 30, MaxMixtures = 5, Trajectories = 3, BasinTrials = 4, BasinStep = 0.1,
        CensusStarts = 20, HeatmapSize = 16,
    };

    /// <summary>The network each rule names, built here without the library's factory: the patterns Run draws, then the rule's own trainer.</summary>
    private static HopfieldTrainer BuiltByHand(EnergyAnalysisOptions o, Matrix patterns)
    {
        HopfieldTrainer trainer;
        if (o.Rule is StorageRule.DenseCubic or StorageRule.DenseExponential)
        {
            var interaction = o.Rule == StorageRule.DenseCubic ? DenseInteraction.Polynomial : DenseInteraction.Exponential;
            var memory = new DenseAssociativeMemory(o.Neurons, o.Patterns,
                new DenseAssociativeMemoryOptions { Interaction = interaction, Degree = 3, UpdateMode = o.UpdateMode, Seed = o.Seed });
            trainer = new DenseMemoryTrainer(memory);
        }
        else
        {
            var network = new AmariHopfieldNetwork(o.Neurons, new AmariHopfieldOptions { UpdateMode = o.UpdateMode, Threshold = o.Threshold, Seed = o.Seed });
            trainer = o.Rule switch
            {
                StorageRule.Hebbian => new HebbianTrainer(network),
                StorageRule.HebbianUncentered => new HebbianTrainer(network, new HebbianOptions { SubtractMean = false }),
                StorageRule.AntiHebbian => new AntiHebbianTrainer(network),
                StorageRule.Storkey => new StorkeyTrainer(network),
                _ => new PseudoInverseTrainer(network),
            };
        }
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(patterns);
        return trainer;
    }

    private static StorageRule[] AllRules() => Enum.GetValues<StorageRule>();

    [TestCaseSource(nameof(AllRules))]
    public void Run_EachRule_SameReportAsAnalyzeOfTheNetworkBuiltByHand(StorageRule rule)
    {
        var options = Small(rule);
        var random = new SplitMix64((ulong)SplitMix64.DeriveSeed(options.Seed, 1));
        var patterns = Sampling.RandomBipolar(options.Patterns, options.Neurons, ref random);
        var expected = EnergyReport.Render(EnergyAnalysis.Analyze(BuiltByHand(options, patterns), patterns, options));
        var actual = EnergyReport.Render(EnergyAnalysis.Run(options));
        Assert.That(actual.Select(f => f.Name), Is.EqualTo(EnergyReport.FileNames));
        foreach (var (name, content) in expected) Assert.That(actual.Single(f => f.Name == name).Content, Is.EqualTo(content), name);
    }

    [Test]
    public void Run_DifferentRules_DifferentResults()
    {
        var hebbian = EnergyAnalysis.Run(Small(StorageRule.Hebbian));
        var storkey = EnergyAnalysis.Run(Small(StorageRule.Storkey));
        Assert.That(storkey.States.Stored, Is.Not.EqualTo(hebbian.States.Stored));
    }

    [Test]
    public void Analyze_DenseMemoryWithAHopfieldRule_ThrowsNamingBoth()
    {
        var patterns = TestData.RandomBipolar(3, 20, seed: 2);
        var trainer = new DenseMemoryTrainer(new DenseAssociativeMemory(20, 3));
        trainer.Train(patterns);
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Analyze(trainer, patterns, new EnergyAnalysisOptions { Rule = StorageRule.Storkey }));
        Assert.That(e!.Message, Does.StartWith("The options name rule storkey but the trainer's model is a DenseAssociativeMemory;"));
    }

    [Test]
    public void Analyze_HopfieldNetworkWithADenseRule_Throws()
    {
        var patterns = TestData.RandomBipolar(3, 20, seed: 2);
        var (_, trainer) = TestData.Stored(patterns);
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Analyze(trainer, patterns, new EnergyAnalysisOptions { Rule = StorageRule.DenseCubic }));
        Assert.That(e!.Message, Does.StartWith("The options name rule dense3 but the trainer's model is a AmariHopfieldNetwork;"));
    }

    [Test]
    public void Analyze_DenseMemory_TakesTheUpdateModeFromTheMemory()
    {
        var patterns = TestData.RandomBipolar(3, 20, seed: 2);
        var trainer = new DenseMemoryTrainer(new DenseAssociativeMemory(20, 3, new DenseAssociativeMemoryOptions { UpdateMode = UpdateMode.Synchronous }));
        trainer.Train(patterns);
        var options = Small(StorageRule.DenseCubic);
        Assert.That(EnergyAnalysis.Analyze(trainer, patterns, options).Options.UpdateMode, Is.EqualTo(UpdateMode.Synchronous));
    }

    [Test]
    public void Validate_PseudoInverseWithAsManyPatternsAsNeurons_ListsIt()
    {
        var o = new EnergyAnalysisOptions { Neurons = 20, Patterns = 20, Rule = StorageRule.PseudoInverse, CensusStarts = 0 };
        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        Assert.That(e!.Message, Does.Contain("Patterns (20) must be below Neurons (20) for rule pseudoinverse.").And.Contain("CensusStarts"));
    }

    [Test]
    public void Validate_DenseRuleWithAThreshold_ListsIt()
    {
        var o = new EnergyAnalysisOptions { Rule = StorageRule.DenseCubic, Threshold = 0.5f, BasinTrials = 0 };
        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        Assert.That(e!.Message, Does.Contain("Threshold (0.5) must be 0 for rule dense3:").And.Contain("BasinTrials"));
    }

    [Test]
    public void Validate_UndefinedRule_ListsIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(new EnergyAnalysisOptions { Rule = (StorageRule)99 }.Validate);
        Assert.That(e!.Message, Does.Contain("Rule (99) is not a defined storage rule"));
    }

    [Test]
    public void Validate_DenseRuleWithMorePatternsThanNeurons_Passes()
    {
        Assert.DoesNotThrow(new EnergyAnalysisOptions { Neurons = 20, Patterns = 30, Rule = StorageRule.DenseCubic }.Validate);
        Assert.Throws<ArgumentOutOfRangeException>(new EnergyAnalysisOptions { Neurons = 20, Patterns = 30, Rule = StorageRule.Storkey }.Validate);
    }

    [Test]
    public void Run_DenseCubicWithMorePatternsThanNeurons_StoresAndRecallsThem()
    {
        var options = Small(StorageRule.DenseCubic);
        options.Patterns = 50;
        var r = EnergyAnalysis.Run(options);
        Assert.That(r.Basins.Select(b => b.SuccessRates[0]), Has.All.EqualTo(1.0), "every one of the 50 patterns is a fixed point at N = 40");
    }
}
