using System.Numerics.Tensors;

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

    [Test]
    public void FromTensor_DimensionBeyondInt_ThrowsArgumentExceptionNamingTheShape()
    {
        // An empty tensor can have a first dimension of 3e9: it threw an OverflowException from a checked cast.
        nint huge = unchecked((nint)3_000_000_000L);

        var e = Assert.Throws<ArgumentException>(() => Matrix.FromTensor(new ReadOnlyTensorSpan<float>(Array.Empty<float>(), [huge, 0], [0, 0])));

        Assert.That(e!.ParamName, Is.EqualTo("tensor"));
        Assert.That(e.Message, Does.Contain("(3000000000, 0)"));
    }

    [Test]
    public void FromTensor_TwoDimensions_CopiesRowMajor()
    {
        float[] values = [1, 2, 3, 4, 5, 6];

        var m = Matrix.FromTensor(new ReadOnlyTensorSpan<float>(values, [2, 3], []));
        values[0] = 9;

        Assert.That((m.Rows, m.Columns), Is.EqualTo((2, 3)));
        Assert.That(m.Data, Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6 }));
    }
}
