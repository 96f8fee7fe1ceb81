namespace Canns.Models.Tests.Spiking;

public class RecurrentSpikingOptionsTests
{
    [Test]
    public void Defaults_ArePinned()
    {
        var o = new RecurrentSpikingOptions();
        Assert.Multiple(() =>
        {
            Assert.That(o.ConnectionProbability, Is.EqualTo(0.1f));
            Assert.That(o.InitialWeightScale, Is.EqualTo(0.1f));
            Assert.That(o.Leak, Is.EqualTo(0.9f));
            Assert.That(o.Threshold, Is.EqualTo(1f));
            Assert.That(o.ResetPotential, Is.EqualTo(0f));
            Assert.That(o.RefractorySteps, Is.EqualTo(2));
            Assert.That(o.TimeStepMilliseconds, Is.EqualTo(1f));
            Assert.That(o.RateTimeConstant, Is.EqualTo(100f));
            Assert.That(o.ShortTermPlasticity, Is.Null);
            Assert.That((o.InhibitoryFraction, o.InhibitoryGain), Is.EqualTo((0f, 4f)));
            Assert.That(o.Seed, Is.EqualTo(0));
        });
        var stp = new ShortTermPlasticityOptions();
        Assert.That((stp.BaselineRelease, stp.FacilitationTimeConstant, stp.DepressionTimeConstant), Is.EqualTo((0.5f, 0f, 200f)));
        Assert.That(ShortTermPlasticityOptions.Depressing().DepressionTimeConstant, Is.EqualTo(800f));
        Assert.That(ShortTermPlasticityOptions.Facilitating().FacilitationTimeConstant, Is.EqualTo(1500f));
    }

    [Test]
    public void Validate_SeveralBadOptions_ListsAll()
    {
        var o = new RecurrentSpikingOptions
        {
            ConnectionProbability = 1.5f, InitialWeightScale = -1, Leak = 2, Threshold = float.NaN, RefractorySteps = -1,
            TimeStepMilliseconds = 0, RateTimeConstant = 0.5f, InhibitoryFraction = 1f, InhibitoryGain = -1f,
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        Assert.That(e!.Message, Does.Contain("ConnectionProbability").And.Contain("InitialWeightScale").And.Contain("Leak")
            .And.Contain("Threshold").And.Contain("RefractorySteps").And.Contain("TimeStepMilliseconds").And.Contain("RateTimeConstant")
            .And.Contain("InhibitoryFraction").And.Contain("InhibitoryGain"));
    }

    [Test]
    public void Validate_BadOptionsAndBadShortTermPlasticityOfBothPopulations_ListsAllNamingWhichHoldsThem()
    {
        // Only the first group used to be reported: the network's own options, else the excitatory short-term options
        // (without saying which ones they were), never the inhibitory ones alongside.
        var o = new RecurrentSpikingOptions
        {
            Leak = 2,
            ShortTermPlasticity = new ShortTermPlasticityOptions { BaselineRelease = 0 },
            InhibitoryShortTermPlasticity = new ShortTermPlasticityOptions { DepressionTimeConstant = -1 },
        };

        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);

        Assert.That(e!.Message, Does.Contain("Leak").And.Contain("ShortTermPlasticity.BaselineRelease")
            .And.Contain("InhibitoryShortTermPlasticity.DepressionTimeConstant"));
    }

    [Test]
    public void Validate_ResetNotBelowThreshold_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(new RecurrentSpikingOptions { ResetPotential = 1f }.Validate);
        Assert.That(e!.Message, Does.Contain("ResetPotential"));
    }

    [TestCase(0f, 0f, 1f)]
    [TestCase(1.1f, 0f, 1f)]
    [TestCase(0.5f, -1f, 1f)]
    [TestCase(0.5f, 1f, float.PositiveInfinity)]
    public void Validate_BadShortTermPlasticity_Throws(float u, float tauF, float tauD)
    {
        var o = new RecurrentSpikingOptions { ShortTermPlasticity = new ShortTermPlasticityOptions { BaselineRelease = u, FacilitationTimeConstant = tauF, DepressionTimeConstant = tauD } };
        Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecurrentSpikingNetwork(4, o));
        var inhibitory = new RecurrentSpikingOptions
        {
            InhibitoryFraction = 0.5f,
            InhibitoryShortTermPlasticity = new ShortTermPlasticityOptions { BaselineRelease = u, FacilitationTimeConstant = tauF, DepressionTimeConstant = tauD },
        };
        Assert.Throws<ArgumentOutOfRangeException>(inhibitory.Validate, "the inhibitory neurons' options are checked too");
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecurrentSpikingNetwork(4, inhibitory));
    }
}
