namespace Canns.Models.Tests.Spiking;

public class ShortTermPlasticityOptionsTests
{
    [Test]
    public void Validate_DefaultsAndPresets_DoNotThrow()
    {
        Assert.DoesNotThrow(new ShortTermPlasticityOptions().Validate);
        Assert.DoesNotThrow(ShortTermPlasticityOptions.Depressing().Validate);
        Assert.DoesNotThrow(ShortTermPlasticityOptions.Facilitating().Validate);
        Assert.DoesNotThrow(new ShortTermPlasticityOptions { BaselineRelease = 1f, FacilitationTimeConstant = 0f, DepressionTimeConstant = 0f }.Validate,
            "the closed ends U = 1 and τ = 0 are allowed");
    }

    [TestCase(0f, 0f, 200f, "BaselineRelease")]
    [TestCase(1.01f, 0f, 200f, "BaselineRelease")]
    [TestCase(float.NaN, 0f, 200f, "BaselineRelease")]
    [TestCase(0.5f, -1f, 200f, "FacilitationTimeConstant")]
    [TestCase(0.5f, float.PositiveInfinity, 200f, "FacilitationTimeConstant")]
    [TestCase(0.5f, 0f, -0.5f, "DepressionTimeConstant")]
    [TestCase(0.5f, 0f, float.NaN, "DepressionTimeConstant")]
    public void Validate_OneBadOption_ThrowsNamingItAndOnlyIt(float u, float tauF, float tauD, string name)
    {
        var o = new ShortTermPlasticityOptions { BaselineRelease = u, FacilitationTimeConstant = tauF, DepressionTimeConstant = tauD };

        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);

        Assert.That(e!.ParamName, Is.EqualTo(nameof(ShortTermPlasticityOptions)));
        Assert.That(e.Message, Does.Contain(name));
        foreach (string other in new[] { "BaselineRelease", "FacilitationTimeConstant", "DepressionTimeConstant" }.Where(n => n != name))
        {
            Assert.That(e.Message, Does.Not.Contain(other), "only the bad option is named");
        }
    }

    [Test]
    public void Validate_EveryOptionBad_ListsAllInOneException()
    {
        var o = new ShortTermPlasticityOptions { BaselineRelease = -1f, FacilitationTimeConstant = float.NaN, DepressionTimeConstant = -2f };

        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);

        Assert.That(e!.Message, Does.Contain("BaselineRelease (-1)").And.Contain("FacilitationTimeConstant (NaN)").And.Contain("DepressionTimeConstant (-2)"));
    }
}
