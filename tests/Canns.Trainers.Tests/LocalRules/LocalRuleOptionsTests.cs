namespace Canns.Trainers.Tests.LocalRules;

public class LocalRuleOptionsTests
{
    [Test]
    public void Defaults_ArePinned()
    {
        var o = new LocalRuleOptions();
        Assert.That((o.LearningRate, o.Schedule, o.WeightDecay, o.MinWeight, o.MaxWeight), Is.EqualTo((1f, (ILearningRateSchedule?)null, 0f, (float?)null, (float?)null)));
        Assert.That((o.Centering, o.NormalizeByPatternCount, o.ZeroDiagonal, o.TraceDecay, o.Epochs, o.WeightParameter),
            Is.EqualTo((RuleCentering.None, true, true, 0.9f, 1, (string?)null)));
    }

    [Test]
    public void Validate_Defaults_DoesNotThrow()
    {
        Assert.DoesNotThrow(() => new LocalRuleOptions().Validate());
    }

    [Test]
    public void Validate_TraceDecayAboveOne_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LocalRuleOptions { TraceDecay = 1.5f }.Validate());
        Assert.That(e!.Message, Does.Contain("TraceDecay (1.5)"));
    }
}
