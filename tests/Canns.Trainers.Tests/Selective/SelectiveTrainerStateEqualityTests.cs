namespace Canns.Trainers.Tests.Selective;

public class SelectiveTrainerStateEqualityTests
{
    private static SelectiveTrainerState State(float[]? eligibility = null, long steps = 7, float peak = 0.25f) =>
        new(eligibility ?? [0f, 0.5f, 1.25f, 3f], steps, peak);

    [Test]
    public void Equals_TwoSeparatelyBuiltEqualStates_AreEqualWithEqualHashCodes()
    {
        SelectiveTrainerState a = State(), b = State();

        Assert.That(a.Eligibility, Is.Not.SameAs(b.Eligibility));
        Assert.That(a.Equals(b), Is.True);
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
    }

    [Test]
    public void Equals_OneTraceDiffers_IsFalse()
    {
        Assert.That(State().Equals(State([0f, 0.5f, 1.5f, 3f])), Is.False);
    }
}
