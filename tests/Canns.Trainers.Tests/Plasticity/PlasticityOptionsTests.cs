namespace Canns.Trainers.Tests.Plasticity;

public class PlasticityOptionsTests
{
    [Test]
    public void SubOptions_ValidateAlone_ListEveryProblemAsTheParentDoes()
    {
        var h = new HomeostasisOptions { TargetRateHz = 0, ScalingRate = -1 };
        var m = new MetaplasticityOptions { ThresholdTimeConstant = 0.5f };
        var sp = new SelectivePlasticityOptions { TraceDecay = 1, WarmupApplications = -2 };
        var alone = new[]
        {
            Assert.Throws<ArgumentOutOfRangeException>(h.Validate)!.Message,
            Assert.Throws<ArgumentOutOfRangeException>(m.Validate)!.Message,
            Assert.Throws<ArgumentOutOfRangeException>(sp.Validate)!.Message,
        };
        Assert.That(alone[0], Does.Contain("Homeostasis.TargetRateHz (0) must be finite and > 0.").And.Contain("Homeostasis.ScalingRate (-1)"));
        Assert.That(alone[1], Does.Contain("Metaplasticity.ThresholdTimeConstant (0.5) must be finite and ≥ 1."));
        Assert.That(alone[2], Does.Contain("Selective.TraceDecay (1) must be in [0, 1).").And.Contain("Selective.WarmupApplications (-2)"));
        // The parent names the same problems the same way.
        string nested = Assert.Throws<ArgumentOutOfRangeException>(new PlasticityOptions { Homeostasis = h, Metaplasticity = m, Selective = sp }.Validate)!.Message;
        Assert.That(nested, Does.Contain("Homeostasis.ScalingRate (-1)").And.Contain("Metaplasticity.ThresholdTimeConstant (0.5)").And.Contain("Selective.WarmupApplications (-2)"));
        Assert.DoesNotThrow(new HomeostasisOptions().Validate);
        Assert.DoesNotThrow(new MetaplasticityOptions().Validate);
        Assert.DoesNotThrow(new SelectivePlasticityOptions().Validate);
    }

    [Test]
    public void Defaults_ArePinned()
    {
        var o = new PlasticityOptions();
        Assert.Multiple(() =>
        {
            Assert.That(o.LearningRate, Is.EqualTo(0.01f));
            Assert.That(o.WeightDecay, Is.EqualTo(0.001f));
            Assert.That(o.LtdRatio, Is.EqualTo(0.5f));
            Assert.That((o.MinWeight, o.MaxWeight), Is.EqualTo((0f, 1f)));
            Assert.That(o.SoftBounds, Is.True);
            Assert.That(o.Schedule, Is.EqualTo(PlasticitySchedule.Periodic));
            Assert.That(o.Interval, Is.EqualTo(10));
            Assert.That(o.StepsPerPattern, Is.EqualTo(50));
            Assert.That(o.Epochs, Is.EqualTo(1));
            Assert.That(o.MinimumActiveFraction, Is.EqualTo(0f));
            Assert.That(o.Homeostasis, Is.Null);
            Assert.That(o.Metaplasticity, Is.Null);
            Assert.That(o.MonitorInterval, Is.EqualTo(0));
        });
        var h = new HomeostasisOptions();
        Assert.That((h.TargetRateHz, h.Interval, h.ScalingRate), Is.EqualTo((5f, 100, 0.01f)));
        var sp = new SelectivePlasticityOptions();
        Assert.That((sp.TraceDecay, sp.Protection, sp.WarmupApplications), Is.EqualTo((0.99f, 5f, 100)));
        Assert.That(o.Selective, Is.Null);
        var m = new MetaplasticityOptions();
        Assert.That((m.LearningRate, m.ThresholdTimeConstant, m.InitialThreshold), Is.EqualTo((0.01f, 100f, 0.01f)));
    }

    [Test]
    public void Validate_SeveralBadOptions_ListsAll()
    {
        var o = new PlasticityOptions
        {
            LearningRate = -1, WeightDecay = 1.5f, LtdRatio = float.NaN, MinWeight = 2, MaxWeight = 1, Schedule = (PlasticitySchedule)7,
            Interval = 0, StepsPerPattern = 0, Epochs = 0, MinimumActiveFraction = 2, MonitorInterval = -1,
            Homeostasis = new HomeostasisOptions { TargetRateHz = 0, Interval = 0, ScalingRate = -1, InhibitoryTargetRateHz = float.NaN },
            Metaplasticity = new MetaplasticityOptions { LearningRate = -1, ThresholdTimeConstant = 0, InitialThreshold = -1, TargetRateHz = 0 },
            Selective = new SelectivePlasticityOptions { TraceDecay = 1, Protection = -1, WarmupApplications = -1, ThresholdPercentile = 100 },
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        foreach (string name in new[]
                 {
                     "LearningRate (-1)", "WeightDecay", "LtdRatio", "MinWeight", "Schedule (7)", "Interval (0)", "StepsPerPattern", "Epochs",
                     "MinimumActiveFraction", "MonitorInterval", "Homeostasis.TargetRateHz", "Homeostasis.Interval", "Homeostasis.ScalingRate", "Homeostasis.InhibitoryTargetRateHz (NaN)",
                     "Metaplasticity.LearningRate", "Metaplasticity.ThresholdTimeConstant", "Metaplasticity.InitialThreshold", "Metaplasticity.TargetRateHz (0)",
                     "Selective.TraceDecay", "Selective.Protection", "Selective.WarmupApplications", "Selective.ThresholdPercentile (100)",
                 })
        {
            Assert.That(e!.Message, Does.Contain(name));
        }
    }

    [Test]
    public void Validate_SoftBoundsWhoseRangeOverflowsFloat_ThrowsNamingThem()
    {
        // The soft rule computes P (w_max − w) s_LTP: with w_max − w = ∞ and s_LTP = 0 that is NaN.
        var e = Assert.Throws<ArgumentOutOfRangeException>(new PlasticityOptions { MinWeight = -3e38f, MaxWeight = 3e38f }.Validate);

        Assert.That(e!.Message, Does.Contain("MaxWeight − MinWeight (3E+38 − -3E+38) overflows float32"));
        Assert.DoesNotThrow(new PlasticityOptions { MinWeight = -3e38f, MaxWeight = 3e38f, SoftBounds = false }.Validate, "hard bounds never subtract them");
    }

    [TestCase(HomeostasisOptions.MaxInterval, true)]
    [TestCase(HomeostasisOptions.MaxInterval + 1, false)]
    [TestCase(int.MaxValue, false)]
    public void Validate_HomeostaticIntervalBeyondExactFloatCounts_Throws(int interval, bool valid)
    {
        // A window's spike counts are saved as float32 in a checkpoint: past 2²⁴ a count could round, and a resume
        // would not be exact.
        var o = new PlasticityOptions { Homeostasis = new HomeostasisOptions { Interval = interval } };
        if (valid)
        {
            Assert.DoesNotThrow(o.Validate);
            Assert.That((float)interval, Is.EqualTo(interval), "the longest window's count is exact in float32");
        }
        else
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
            Assert.That(e!.Message, Does.Contain($"Homeostasis.Interval ({interval}) must be in [1, 16777216]"));
        }
    }

    [Test]
    public void Trainer_KeepsACopyOfTheOptions()
    {
        var options = new PlasticityOptions { Homeostasis = new HomeostasisOptions() };
        var trainer = new PlasticityTrainer(new Canns.Models.RecurrentSpikingNetwork(4, new Canns.Models.RecurrentSpikingOptions { Seed = 1 }), options);
        options.LearningRate = 5;
        options.Homeostasis.TargetRateHz = 50;
        Assert.That(trainer.Options.LearningRate, Is.EqualTo(0.01f));
        Assert.That(trainer.Options.Homeostasis!.TargetRateHz, Is.EqualTo(5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlasticityTrainer(new Canns.Models.RecurrentSpikingNetwork(4), new PlasticityOptions { Epochs = 0 }));
    }
}
