using Canns.Models;

namespace Canns.Analysis.Tests.Capacity;

public class CapacityStudyOptionsTests
{
    [Test]
    public void Defaults_AreTheQuickStudy()
    {
        var o = new CapacityStudyOptions();
        Assert.That(o.Neurons, Is.EqualTo(new[] { 500 }));
        Assert.That(o.Loads, Has.Count.EqualTo(15));
        Assert.That(o.Loads[0], Is.EqualTo(0.02));
        Assert.That(o.Loads[^1], Is.EqualTo(0.3));
        Assert.That(o.NoiseLevels, Is.EqualTo(new[] { 0.1 }));
        Assert.That(o.Rules, Is.EqualTo(new[] { StorageRule.Hebbian }));
        Assert.That(o.UpdateModes, Is.EqualTo(new[] { UpdateMode.Synchronous }));
        Assert.That((o.Trials, o.Seed, o.MaxIterations, o.MaxDegreeOfParallelism, o.MemoryBudgetBytes), Is.EqualTo((10, 0, 20, -1, (long?)null)));
        Assert.DoesNotThrow(o.Validate);
    }

    [Test]
    public void LoadRange_StepsOfTwoHundredths_AreExactDecimals()
    {
        Assert.That(CapacityStudyOptions.LoadRange(0.02, 0.3, 0.02)[14], Is.EqualTo(0.3));
        Assert.That(CapacityStudyOptions.LoadRange(0.1, 0.1, 0.05), Is.EqualTo(new[] { 0.1 }));
    }

    [TestCase(0.0, 0.1, 0.0)]
    [TestCase(0.2, 0.1, 0.1)]
    [TestCase(double.NaN, 0.1, 0.1)]
    public void LoadRange_BadRange_Throws(double start, double stop, double step)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CapacityStudyOptions.LoadRange(start, stop, step));
    }

    [TestCase(0.0)]
    [TestCase(-0.1)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void Validate_LoadNotPositive_ThrowsNamingLoads(double load)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(new CapacityStudyOptions { Loads = [0.1, load] }.Validate);
        Assert.That(e!.Message, Does.Contain("Loads"));
    }

    [Test]
    public void Validate_LoadGivingNoPatterns_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(new CapacityStudyOptions { Neurons = [100], Loads = [0.001] }.Validate);
        Assert.That(e!.Message, Does.Contain("P = round(α·N) = 0"));
    }

    [Test]
    public void Validate_MoreThanTenMillionTrialsInAll_ThrowsNamingTheCount()
    {
        var options = new CapacityStudyOptions { Neurons = [100], Loads = [0.1, 0.2], Trials = 5_000_001 };

        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.That(e!.Message, Does.Contain("10000002").And.Contain("Trials"));
    }

    [Test]
    public void Validate_TenMillionTrialsInAll_IsAccepted()
    {
        var options = new CapacityStudyOptions { Neurons = [100], Loads = [0.1, 0.2], Trials = 5_000_000, MaxDegreeOfParallelism = 1 };

        Assert.DoesNotThrow(options.Validate);
    }

    [Test]
    public void Validate_PatternsBeyondMemory_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(new CapacityStudyOptions { Loads = [1e7] }.Validate);
        Assert.That(e!.Message, Does.Contain("GB"));
    }

    [Test]
    public void Validate_MemoryBudgetTooSmall_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(new CapacityStudyOptions { MemoryBudgetBytes = 1_000_000 }.Validate);
        Assert.That(e!.Message, Does.Contain("more than the"));
    }

    [Test]
    public void Validate_NetworkTooLargeForAnArray_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(new CapacityStudyOptions { Neurons = [100_000] }.Validate);
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void Validate_TrialsBelowOne_Throws(int trials)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(new CapacityStudyOptions { Trials = trials }.Validate);
        Assert.That(e!.Message, Does.Contain("Trials"));
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void Validate_NoiseOutsideUnitInterval_Throws(double noise)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(new CapacityStudyOptions { NoiseLevels = [noise] }.Validate);
        Assert.That(e!.Message, Does.Contain("NoiseLevels"));
    }

    [Test]
    public void Validate_SeveralProblems_ListsEveryOne()
    {
        var o = new CapacityStudyOptions { Neurons = [1], Loads = [], Trials = 0, NoiseLevels = [2], MaxIterations = 0, MaxDegreeOfParallelism = 0 };
        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        Assert.That(e!.Message, Does.Contain("Neurons").And.Contain("Loads").And.Contain("Trials").And.Contain("NoiseLevels")
            .And.Contain("MaxIterations").And.Contain("MaxDegreeOfParallelism"));
    }

    [Test]
    public void Validate_LoadsRoundingToTheSamePatternCount_ThrowsNamingThem()
    {
        // At N = 100, 0.101 and 0.104 both give P = 10: the two points would run the very same trials.
        var e = Assert.Throws<ArgumentOutOfRangeException>(new CapacityStudyOptions { Neurons = [1000, 100], Loads = [0.05, 0.101, 0.104] }.Validate);
        Assert.That(e!.Message, Does.Contain("Loads 0.101 and 0.104 all give P = 10 patterns at N = 100"));
        Assert.That(e.Message, Does.Not.Contain("N = 1000"), "at N = 1,000 the loads give 50, 101 and 104 patterns");
    }

    [Test]
    public void Validate_LoadsRoundingToDistinctPatternCounts_IsAccepted()
    {
        Assert.DoesNotThrow(new CapacityStudyOptions { Neurons = [100], Loads = [0.1, 0.11, 0.12] }.Validate);
    }

    [Test]
    public void Validate_DuplicateLoad_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(new CapacityStudyOptions { Loads = [0.1, 0.1] }.Validate);
    }

    [Test]
    public void Plan_BadOptions_ThrowsBeforeAnyWork()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CapacityStudy.Run(new CapacityStudyOptions { Trials = 0 }));
    }

    [TestCase(2, -1, 2)]
    [TestCase(2, 1, 1)]
    [TestCase(2, 2, 2)]
    [TestCase(2, 8, 2)]
    [TestCase(1, 4, 1)]
    [TestCase(3, 2, 2)]
    [NonParallelizable]
    public void EffectiveParallelism_IsTheExplicitDegreeCappedByCannsParallelism(int maxDegree, int explicitDegree, int expected)
    {
        // CannsParallelism.MaxDegree is the one setting of the cores the libraries use: an explicit degree may lower it
        // for the study, never raise it.
        var o = new CapacityStudyOptions { MaxDegreeOfParallelism = explicitDegree };
        CannsParallelism.MaxDegree = maxDegree;
        try
        {
            Assert.That(o.EffectiveParallelism, Is.EqualTo(expected));
        }
        finally
        {
            CannsParallelism.MaxDegree = Environment.ProcessorCount;
        }
    }
}
