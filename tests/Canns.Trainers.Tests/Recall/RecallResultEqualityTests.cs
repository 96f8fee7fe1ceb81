namespace Canns.Trainers.Tests.Recall;

public class RecallResultEqualityTests
{
    // Each call builds new arrays, so equality cannot come from shared references.
    private static RecallResult Result(float[]? state = null, double[]? trace = null, int iterations = 3, bool converged = true, double energy = -12.5) =>
        new(state ?? [1f, -1f, 1f, 1f, -1f], iterations, converged, energy, trace ?? [-2.0, -9.0, -12.5]);

    [Test]
    public void Equals_TwoSeparatelyBuiltEqualResults_AreEqualWithEqualHashCodes()
    {
        RecallResult a = Result(), b = Result();

        Assert.That(a.State, Is.Not.SameAs(b.State));
        Assert.That(a.Equals(b), Is.True);
        Assert.That(a == b, Is.True);
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
    }

    [Test]
    public void Equals_OneStateElementDiffers_IsFalse()
    {
        var a = Result();
        var b = Result(state: [1f, -1f, 1f, -1f, -1f]);

        Assert.That(a.Equals(b), Is.False);
        Assert.That(a != b, Is.True);
    }

    [Test]
    public void Equals_OneEnergyTraceElementDiffers_IsFalse()
    {
        Assert.That(Result().Equals(Result(trace: [-2.0, -9.5, -12.5])), Is.False);
    }

    [Test]
    public void Equals_TraceAgainstNoTrace_IsFalse()
    {
        var traced = Result();
        var untraced = traced with { EnergyTrace = null };

        Assert.That(traced.Equals(untraced), Is.False);
        Assert.That(untraced.Equals(untraced with { }), Is.True);
    }

    [Test]
    public void Equals_StatesOfDifferentLengths_IsFalse()
    {
        Assert.That(Result().Equals(Result(state: [1f, -1f, 1f, 1f])), Is.False);
    }

    [Test]
    public void Equals_NaNInTheSameElements_IsEqualWithEqualHashCodes()
    {
        // float.Equals semantics, as the record's own double members: NaN equals NaN.
        RecallResult a = Result(state: [1f, float.NaN], trace: [double.NaN]), b = Result(state: [1f, float.NaN], trace: [double.NaN]);

        Assert.That(a.Equals(b), Is.True);
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
    }

    [Test]
    public void Equals_PositiveAndNegativeZero_IsEqualWithEqualHashCodes()
    {
        // float.Equals semantics: 0 and −0 are equal (a bitwise comparison would tell them apart).
        RecallResult a = Result(state: [0f, 1f]), b = Result(state: [-0f, 1f]);

        Assert.That(a.Equals(b), Is.True);
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
    }

    [Test]
    public void SameOutcomeAs_EqualOutcomeWithAndWithoutTrace_IsTrueThoughNotEqual()
    {
        var traced = Result();
        var untraced = Result() with { EnergyTrace = null };

        Assert.That(traced.SameOutcomeAs(untraced), Is.True);
        Assert.That(traced.Equals(untraced), Is.False);
        Assert.That(traced.SameOutcomeAs(Result(state: [1f, -1f, 1f, -1f, -1f])), Is.False);
    }
}
