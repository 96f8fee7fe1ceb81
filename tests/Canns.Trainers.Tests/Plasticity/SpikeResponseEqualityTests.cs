namespace Canns.Trainers.Tests.Plasticity;

public class SpikeResponseEqualityTests
{
    // Each call builds new arrays, so equality cannot come from shared references.
    private static SpikeResponse Response() =>
        new([3, 0, 7], [30.0, 0.0, 70.0], 100) { IntervalCv = [0.2, double.NaN, 0.9], MembraneMean = [0.4, 0.1, 0.6], MembraneStandardDeviation = [0.05, 0.01, 0.2] };

    [Test]
    public void Equals_TwoSeparatelyBuiltEqualResponses_AreEqualWithEqualHashCodes()
    {
        SpikeResponse a = Response(), b = Response();

        Assert.That(a.SpikeCounts, Is.Not.SameAs(b.SpikeCounts));
        Assert.That(a.Equals(b), Is.True, "NaN in IntervalCv equals NaN");
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
    }

    private static IEnumerable<TestCaseData> OneElementChanged()
    {
        var r = Response();
        yield return new TestCaseData(r with { SpikeCounts = [3, 1, 7] }).SetArgDisplayNames("SpikeCounts");
        yield return new TestCaseData(r with { RatesHz = [30.0, 0.0, 70.5] }).SetArgDisplayNames("RatesHz");
        yield return new TestCaseData(r with { Steps = 101 }).SetArgDisplayNames("Steps");
        yield return new TestCaseData(r with { IntervalCv = [0.2, 0.0, 0.9] }).SetArgDisplayNames("IntervalCv");
        yield return new TestCaseData(r with { MembraneMean = [0.4, 0.1, 0.61] }).SetArgDisplayNames("MembraneMean");
        yield return new TestCaseData(r with { MembraneStandardDeviation = [0.05, 0.01] }).SetArgDisplayNames("MembraneStandardDeviation");
    }

    [TestCaseSource(nameof(OneElementChanged))]
    public void Equals_OneMemberDiffersInOneElement_IsFalse(SpikeResponse changed)
    {
        Assert.That(Response().Equals(changed), Is.False);
        Assert.That(changed.Equals(Response()), Is.False);
    }
}
