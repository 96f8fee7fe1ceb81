using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis.Tests.Energy;

public class EnergyAnalysisTests
{
    internal static EnergyAnalysisOptions Small(int seed = 3) => new()
    {
        Neurons = 100, Patterns = 5, Seed = seed, RandomStates = 50, BasinTrials = 5, BasinStep = 0.05, CensusStarts = 60, Trajectories = 6, HeatmapSize = 40,
    };

    private EnergyAnalysisResult _result = null!;

    [OneTimeSetUp]
    public void RunOnce() => _result = EnergyAnalysis.Run(Small());

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void Trajectories_AsynchronousSignDynamics_EnergyNeverIncreases(int seed)
    {
        var options = Small(seed);
        options.TrajectoryNoise = 0.45;
        options.Patterns = 12;
        var result = seed == 3 ? _result : EnergyAnalysis.Run(options);
        foreach (var t in result.Trajectories)
        {
            for (int k = 1; k < t.Energies.Count; k++)
            {
                // Energies come from float32 fields: allow a relative rounding error of 1e-6.
                Assert.That(t.Energies[k], Is.LessThanOrEqualTo(t.Energies[k - 1] + 1e-6 * Math.Abs(t.Energies[k - 1])), $"pattern {t.Pattern}, step {k}");
            }
        }
    }

    [Test]
    public void Census_KindCounts_SumToStarts()
    {
        var census = _result.Census;
        int sum = Enum.GetValues<AttractorKind>().Sum(census.Count);
        Assert.That(sum, Is.EqualTo(60));
        Assert.That(census.Starts, Is.EqualTo(60));
        Assert.That(census.Count(AttractorKind.Stored) + census.Count(AttractorKind.Inverted), Is.GreaterThan(0));
    }

    [Test]
    public void States_StoredLieBelowMixturesWhichLieBelowRandom()
    {
        var s = _result.States;
        Assert.That(s.Stored.Max(), Is.LessThan(s.Mixtures.Min()));
        Assert.That(s.Mixtures.Average(), Is.LessThan(s.Random.Average()));
        Assert.That(s.Inverted, Is.EqualTo(s.Stored).Within(1e-6), "θ = 0: E(−ξ) = E(ξ)");
        Assert.That(s.Mixtures, Has.Count.EqualTo(10), "C(5, 3) triples");
    }

    [Test]
    public void Basins_LowLoad_RadiusPositiveAndAtMostMaxFraction()
    {
        Assert.That(_result.Basins, Has.Count.EqualTo(5));
        Assert.That(_result.Basins.Select(b => b.Radius), Has.All.GreaterThan(0.1).And.All.LessThanOrEqualTo(0.5));
        Assert.That(_result.Basins[0].SuccessRates[0], Is.EqualTo(1.0));
    }

    [Test]
    public void Run_SameSeed_SameResult()
    {
        var again = EnergyAnalysis.Run(Small());
        Assert.That(again.Census.Kinds, Is.EqualTo(_result.Census.Kinds));
        Assert.That(again.Basins.Select(b => b.SuccessRates), Is.EqualTo(_result.Basins.Select(b => b.SuccessRates)));
        Assert.That(again.States.Random, Is.EqualTo(_result.States.Random));
    }

    [Test]
    public void Classify_SymmetricMixture_IsMixture()
    {
        var patterns = TestData.RandomBipolar(4, 50, seed: 5);
        var mixture = new float[50];
        EnergyAnalysis.Mixture(patterns.Row(0), patterns.Row(1), patterns.Row(2), mixture);
        var scratch = new float[50];
        Assert.That(EnergyAnalysis.Classify(patterns, mixture, scratch), Is.EqualTo(AttractorKind.Mixture));
        Assert.That(EnergyAnalysis.Classify(patterns, patterns.Row(3), scratch), Is.EqualTo(AttractorKind.Stored));
        Assert.That(EnergyAnalysis.Classify(patterns, mixture.Select(x => -x).ToArray(), scratch), Is.EqualTo(AttractorKind.Mixture));
    }

    [Test]
    public void Analyze_UserTrainer_RestoresItsRecallOptionsAndIsBoundToTheWeights()
    {
        var patterns = TestData.RandomBipolar(4, 60, seed: 6);
        var (network, trainer) = TestData.Stored(patterns, UpdateMode.Asynchronous);
        trainer.SetRecallOptions(new RecallOptions { MaxIterations = 7, Seed = 11 });
        var options = Small();
        var result = EnergyAnalysis.Analyze(trainer, patterns, options);
        Assert.That((trainer.Recall.MaxIterations, trainer.Recall.Seed, trainer.Recall.RecordEnergyTrace), Is.EqualTo((7, 11, false)));
        Assert.That((result.Options.Neurons, result.Options.Patterns), Is.EqualTo((60, 4)));
        Assert.That(result.IsStale(network), Is.False);
        trainer.Train(TestData.RandomBipolar(1, 60, seed: 7));
        Assert.That(result.IsStale(network), Is.True);
    }

    [Test]
    public void Analyze_NonBipolarPatterns_Throws()
    {
        var patterns = TestData.RandomBipolar(2, 10, seed: 8);
        var (_, trainer) = TestData.Stored(patterns);
        patterns[0, 0] = 0.5f;
        Assert.Throws<ArgumentException>(() => EnergyAnalysis.Analyze(trainer, patterns));
    }

    [Test]
    public void Defaults_ArePinned()
    {
        var o = new EnergyAnalysisOptions();
        Assert.That((o.Neurons, o.Patterns, o.Rule, o.Seed, o.UpdateMode, o.Threshold, o.MaxIterations), Is.EqualTo((200, 10, StorageRule.Hebbian, 0, UpdateMode.Asynchronous, 0f, 50)));
        Assert.That((o.Trajectories, o.TrajectoryNoise, o.RandomStates, o.MaxMixtures), Is.EqualTo((8, 0.3, 500, 120)));
        Assert.That((o.BasinTrials, o.BasinStep, o.BasinMaxFraction, o.BasinSuccessRate, o.CensusStarts, o.HeatmapSize), Is.EqualTo((20, 0.025, 0.5, 0.9, 500, 100)));
    }

    [Test]
    public void Validate_BadOptions_ListsEveryProblem()
    {
        var o = new EnergyAnalysisOptions { Neurons = 1, Patterns = 0, TrajectoryNoise = 1.5, BasinTrials = 0, BasinSuccessRate = 0, CensusStarts = 0 };
        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        Assert.That(e!.Message, Does.Contain("Neurons").And.Contain("Patterns").And.Contain("TrajectoryNoise").And.Contain("BasinTrials")
            .And.Contain("BasinSuccessRate").And.Contain("CensusStarts"));
    }

    [Test]
    public void Validate_MoreRunsThanMaxRuns_ListsEachWithoutCheckingMemory()
    {
        const int tooMany = EnergyAnalysisOptions.MaxRuns + 1;
        var o = new EnergyAnalysisOptions { Trajectories = tooMany, RandomStates = tooMany, CensusStarts = tooMany };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => o.Validate(checkMemory: false));
        Assert.That(e!.Message, Does.Contain($"Trajectories ({tooMany})").And.Contain($"RandomStates ({tooMany})").And.Contain($"CensusStarts ({tooMany})"));
        Assert.DoesNotThrow(() => new EnergyAnalysisOptions { CensusStarts = EnergyAnalysisOptions.MaxRuns }.Validate(checkMemory: false));
    }

    [TestCase(nameof(EnergyAnalysisOptions.RandomStates))]
    [TestCase(nameof(EnergyAnalysisOptions.Trajectories))]
    public void Validate_StatesOfOneStageBeyondAnArray_ThrowsNamingTheOption(string option)
    {
        // 3,000,000 states of N = 1,000 are 3·10⁹ floats, more than one .NET array holds: Run would fail only after
        // storing the network (and recording the trajectories), though its options are documented as checked first.
        var o = new EnergyAnalysisOptions { Neurons = 1000 };
        if (option == nameof(EnergyAnalysisOptions.RandomStates)) o.RandomStates = 3_000_000;
        else o.Trajectories = 3_000_000;
        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        Assert.That(e!.Message, Does.Contain(option));
    }

    [Test]
    public void Validate_MorePatternsThanNeurons_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(new EnergyAnalysisOptions { Neurons = 10, Patterns = 11 }.Validate);
    }

    [TestCase(2, 9)]
    [TestCase(0, 10)]
    public void Analyze_PatternsOfTheWrongShape_ThrowsNamingBothShapes(int rows, int columns)
    {
        var (_, trainer) = TestData.Stored(TestData.RandomBipolar(2, 10, seed: 8));
        var e = Assert.Throws<ArgumentException>(() => EnergyAnalysis.Analyze(trainer, new Matrix(rows, columns)));
        Assert.That(e!.ParamName, Is.EqualTo("patterns"));
        Assert.That(e.Message, Does.Contain($"({rows}, {columns})").And.Contain("(P ≥ 1, 10)"));
    }
}
