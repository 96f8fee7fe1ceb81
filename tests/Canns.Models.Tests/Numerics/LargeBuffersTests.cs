using Canns.Numerics;

namespace Canns.Models.Tests.Numerics;

[TestFixture]
public class LargeBuffersTests
{
    [TestCase(10)]
    [TestCase(3 << 20)]
    public void Zeroed_AnySize_IsZeroAndWritable(int length)
    {
        var a = LargeBuffers.Zeroed<short>(length);
        Assert.That(a, Has.Length.EqualTo(length));
        Assert.That(a.AsSpan().ContainsAnyExcept((short)0), Is.False);
        a[^1] = 7;
        Assert.That(a[^1], Is.EqualTo(7));
    }

    [Test]
    public void Uninitialized_Large_HasTheLengthAsked() =>
        Assert.That(LargeBuffers.Uninitialized<float>(5 << 20), Has.Length.EqualTo(5 << 20));

    [Test]
    public void Kept_SameLength_ReturnsTheKeptArray()
    {
        float[]? field = null;
        var first = LargeBuffers.Kept(ref field, 1000);
        Assert.That((first.Length, field), Is.EqualTo((1000, first)));
        Assert.That(LargeBuffers.Kept(ref field, 1000), Is.SameAs(first));
    }

    [Test]
    public void Kept_OtherLength_StoresANewArray()
    {
        float[]? field = new float[10];
        var old = field;
        var next = LargeBuffers.Kept(ref field, 12);
        Assert.That(next, Is.Not.SameAs(old));
        Assert.That((next.Length, field), Is.EqualTo((12, next)));
    }

    [Test]
    public void Kept_LengthBeyondAnArray_ThrowsOverflow()
    {
        float[]? field = null;
        Assert.Throws<OverflowException>(() => LargeBuffers.Kept(ref field, (long)int.MaxValue + 1));
        Assert.That(field, Is.Null);
    }
}
