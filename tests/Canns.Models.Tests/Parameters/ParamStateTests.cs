namespace Canns.Models.Tests.Parameters;

public class ParamStateTests
{
    [Test]
    public void Version_WritableAccess_Increments()
    {
        var p = new ParamState("W", 3, 4);
        long v0 = p.Version;
        _ = p.AsReadOnlySpan();
        _ = p.ReadOnlyRow(1);
        Assert.That(p.Version, Is.EqualTo(v0), "reads must not change the version");
        p.Row(2)[1] = 5;
        Assert.That(p.Version, Is.GreaterThan(v0));
        long v1 = p.Version;
        p.CopyFrom(new float[12]);
        Assert.That(p.Version, Is.GreaterThan(v1));
    }

    [Test]
    public void Row_IsAViewOfTheRowMajorBuffer()
    {
        var p = new ParamState("W", 2, 3);
        p.Row(1)[2] = 7;
        Assert.That(p.AsReadOnlySpan()[5], Is.EqualTo(7));
        var t = p.AsReadOnlyTensorSpan();
        Assert.That(t.Lengths.ToArray(), Is.EqualTo(new nint[] { 2, 3 }));
        Assert.That(t[1, 2], Is.EqualTo(7));
    }

    [Test]
    public void Constructor_HugeShape_ThrowsNamingTheSize()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ParamState("W", 100_000, 100_000));
        Assert.That(e!.Message, Does.Contain("100000 × 100000"));
    }

    [Test]
    public void CopyFrom_WrongLength_ThrowsAndKeepsValues()
    {
        var p = new ParamState("W", 2, 2);
        p.CopyFrom([1, 2, 3, 4]);
        Assert.Throws<ArgumentException>(() => p.CopyFrom([1, 2, 3]));
        Assert.That(p.ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4 }));
    }

    [Test]
    public void AsTensorSpan_Matrix_IsAWritableRowMajorViewAndCountsAsAWrite()
    {
        var p = new ParamState("W", 2, 3);
        long v0 = p.Version;

        var t = p.AsTensorSpan();
        t[1, 0] = 4f;

        Assert.That(p.Version, Is.GreaterThan(v0));
        Assert.That(t.Lengths.ToArray(), Is.EqualTo(new nint[] { 2, 3 }));
        Assert.That(p.AsReadOnlySpan()[3], Is.EqualTo(4f), "element (1, 0) is buffer[1 × 3 + 0]");
        Assert.That(p.Shape, Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void AsTensorSpan_Vector_IsOneDimensionalOfItsLength()
    {
        var p = new ParamState("theta", 5);
        long v0 = p.Version;

        var t = p.AsTensorSpan();
        t[4] = 2f;

        Assert.That(p.Version, Is.GreaterThan(v0));
        Assert.That(t.Lengths.ToArray(), Is.EqualTo(new nint[] { 5 }));
        Assert.That(p.AsReadOnlySpan()[4], Is.EqualTo(2f));
        Assert.That(p.Shape, Is.EqualTo(new[] { 5 }));
    }
}
