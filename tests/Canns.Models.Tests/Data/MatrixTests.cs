namespace Canns.Models.Tests.Data;

public class MatrixTests
{
    [Test]
    public void FromRows_NoRows_ThrowsArgumentException()
    {
        // Documented: "No rows are given, or the rows differ in length" → ArgumentException (not a silent 0 × 0 matrix).
        var e = Assert.Throws<ArgumentException>(() => Matrix.FromRows(Array.Empty<float[]>()));

        Assert.That(e!.ParamName, Is.EqualTo("rows"));
    }

    [Test]
    public void FromRows_EqualRows_CopiesThem()
    {
        float[] first = [1, 2], second = [3, 4];

        var m = Matrix.FromRows(first, second);
        first[0] = 9;

        Assert.That((m.Rows, m.Columns), Is.EqualTo((2, 2)));
        Assert.That(m.Data, Is.EqualTo(new float[] { 1, 2, 3, 4 }));
    }
}
