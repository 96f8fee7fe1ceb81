namespace Canns.Models.Tests.Continuous;

public class RingAttractorOptionsTests
{
    [Test]
    public void Defaults_ArePinned()
    {
        var options = new RingAttractorOptions();
        Assert.Multiple(() =>
        {
            Assert.That(options.Coupling, Is.EqualTo(RingCoupling.Cosine));
            Assert.That(options.UniformCoupling, Is.EqualTo(-4f));
            Assert.That(options.TunedCoupling, Is.EqualTo(6f));
            Assert.That(options.Width, Is.EqualTo(0.5f));
            Assert.That(options.StepSize, Is.EqualTo(0.1f));
        });
        Assert.DoesNotThrow(options.Validate);
    }

    [TestCase(0f)]
    [TestCase(-0.1f)]
    [TestCase(1.01f)]
    [TestCase(float.NaN)]
    public void Validate_StepSizeOutOfRange_Throws(float step)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RingAttractorOptions { StepSize = step }.Validate());
        Assert.That(e!.Message, Does.Contain("StepSize"));
    }

    [Test]
    public void Validate_SeveralBadOptions_ListsAll()
    {
        var options = new RingAttractorOptions
        {
            Coupling = (RingCoupling)9, UniformCoupling = float.NaN, TunedCoupling = float.PositiveInfinity, Width = 0,
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.That(e!.Message, Does.Contain("Coupling (9)").And.Contain("UniformCoupling").And.Contain("TunedCoupling").And.Contain("Width"));
    }

    [Test]
    public void Constructor_BadOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RingAttractorNetwork(8, new RingAttractorOptions { Width = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RingAttractorNetwork(0));
    }
}
