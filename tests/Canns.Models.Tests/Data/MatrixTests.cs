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

    [TestCase(5)]
    [TestCase(7)]
    public void Constructor_BufferLengthNotRowsTimesColumns_ThrowsNamingAllThree(int length)
    {
        var e = Assert.Throws<ArgumentException>(() => new Matrix(2, 3, new float[length]));

        Assert.That(e!.ParamName, Is.EqualTo("data"));
        Assert.That(e.Message, Does.Contain($"({length})").And.Contain("rows (2)").And.Contain("columns (3)"));
    }

    [Test]
    public void FromRows_RowsOfDifferentLengths_ThrowsNamingTheRowAndBothLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => Matrix.FromRows([1f, 2f], [3f, 4f], [5f, 6f, 7f]));

        Assert.That(e!.ParamName, Is.EqualTo("rows"));
        Assert.That(e.Message, Does.Contain("Row 2 has length 3").And.Contain("row 0 has length 2"));
    }

    [TestCase(1)]
    [TestCase(3)]
    public void FromTensor_RankOtherThanTwo_ThrowsNamingTheRank(int rank)
    {
        nint[] shape = rank == 1 ? [4] : [1, 2, 2];

        var e = Assert.Throws<ArgumentException>(() => Matrix.FromTensor(new ReadOnlyTensorSpan<float>(new float[4], shape, [])));

        Assert.That(e!.ParamName, Is.EqualTo("tensor"));
        Assert.That(e.Message, Does.Contain($"rank {rank}"));
    }

    [Test]
    public void AsTensorSpan_IsARowMajorViewOfTheSameData()
    {
        var m = new Matrix(2, 3, [1, 2, 3, 4, 5, 6]);

        var t = m.AsTensorSpan();
        t[1, 2] = 60f;

        Assert.That(t.Lengths.ToArray(), Is.EqualTo(new nint[] { 2, 3 }));
        Assert.That(t[1, 0], Is.EqualTo(4f), "element (1, 0) is data[1 × 3 + 0]");
        Assert.That(m[1, 2], Is.EqualTo(60f), "a write through the view reaches the matrix");
    }
}
