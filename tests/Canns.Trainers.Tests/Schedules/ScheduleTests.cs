namespace Canns.Trainers.Tests.Schedules;

public class ScheduleTests
{
    [Test]
    public void Constant_RateAt_IsConstant()
    {
        var s = new ConstantSchedule(0.3f);
        Assert.That(new[] { s.RateAt(0), s.RateAt(1000) }, Is.All.EqualTo(0.3f));
    }

    [TestCase(0, 1.0)]
    [TestCase(99, 1.0)]
    [TestCase(100, 0.5)]
    [TestCase(250, 0.25)]
    public void Step_RateAt_HalvesEveryHundredSteps(long step, double expected)
    {
        Assert.That(new StepSchedule(1f, 100, 0.5f).RateAt(step), Is.EqualTo(expected).Within(1e-7));
    }

    [TestCase(0, 2.0)]
    [TestCase(3, 2 * 0.125)]
    [TestCase(100, 0.1)]
    public void ExponentialDecay_RateAt_DecaysToFloor(long step, double expected)
    {
        Assert.That(new ExponentialDecaySchedule(2f, 0.5, minimumRate: 0.1f).RateAt(step), Is.EqualTo(expected).Within(1e-7));
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(-1f)]
    public void Ctors_BadRate_ThrowNamingIt(float rate)
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(rate))!.ParamName, Is.EqualTo("rate"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new StepSchedule(rate, 1, 0.5f))!.ParamName, Is.EqualTo("initialRate"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecaySchedule(rate, 0.5))!.ParamName, Is.EqualTo("initialRate"));
    }

    [TestCase(0.0)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void ExponentialDecay_DecayOutsideZeroOne_Throws(double decay)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecaySchedule(1f, decay));
    }

    [Test]
    public void ExponentialDecay_FloorAboveInitialRate_ThrowsNamingMinimumRate()
    {
        // max(2·0.5^t, 3) would be 3 at every step: a rate above η₀, never a decay (StepSchedule refuses γ > 1 likewise).
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecaySchedule(2f, 0.5, minimumRate: 3f));
        Assert.That(e!.ParamName, Is.EqualTo("minimumRate"));
        Assert.That(e.Message, Does.Contain("minimumRate (3) must be ≤ initialRate (2)"));
    }

    [Test]
    public void ExponentialDecay_FloorEqualToInitialRate_IsAConstantRate()
    {
        var schedule = new ExponentialDecaySchedule(0.5f, 0.9, minimumRate: 0.5f);
        Assert.That(new long[] { 0, 1, 100 }.Select(schedule.RateAt), Is.All.EqualTo(0.5f));
    }

    [Test]
    public void Step_ZeroStepSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepSchedule(1f, 0, 0.5f));
    }

    [TestCase(1.5f)]
    [TestCase(-0.1f)]
    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public void Step_GammaOutsideZeroOne_ThrowsNamingGamma(float gamma)
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new StepSchedule(1f, 10, gamma))!.ParamName, Is.EqualTo("gamma"));
    }

    [TestCase(0f, 0f)]
    [TestCase(1f, 1f)]
    public void Step_GammaAtTheEnds_IsAccepted(float gamma, float rateAfterOneStep)
    {
        Assert.That(new StepSchedule(2f, 10, gamma).RateAt(10), Is.EqualTo(2f * rateAfterOneStep));
    }
}
