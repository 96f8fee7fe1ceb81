using Canns.Numerics;

namespace Canns.Models.Tests.Numerics;

[NonParallelizable]
[TestFixture]
public class GemmTests
{
    [TearDown]
    public void Restore()
    {
        Blas.Level = SimdSupport.Best;
        CannsParallelism.MaxDegree = Environment.ProcessorCount;
    }

    [TestCase((int)SimdLevel.Scalar)]
    [TestCase((int)SimdLevel.Vector256)]
    [TestCase((int)SimdLevel.Vector512)]
    public void GemmNT_PackedShapes_EveryElementBitIdenticalToDot(int level)
    {
        Blas.Level = (SimdLevel)level;
        var random = new Random(41);
        // Rows past multiples of 8, columns past multiples of 3 and 24, depths past 16 and past the 512-deep pass.
        foreach (var (m, n, k) in new[] { (1, 1, 1), (9, 25, 17), (16, 48, 1100), (3, 7, 530), (20, 2, 1030) })
        {
            var a = NumericsTestData.Uniform(m * k, random);
            var b = NumericsTestData.Uniform(n * k, random);
            var c = new float[m * n];
            Blas.GemmNT(a, m, b, n, k, c);
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                Assert.That(c[i * n + j], Is.EqualTo(Blas.Dot(a.AsSpan(i * k, k), b.AsSpan(j * k, k))), $"({m},{n},{k}) [{i},{j}]");
            }
        }
    }

    [Test]
    public void GemmNT_Accumulate_AddsTheProducts()
    {
        var random = new Random(42);
        int m = 10, n = 26, k = 40;
        var a = NumericsTestData.Uniform(m * k, random);
        var b = NumericsTestData.Uniform(n * k, random);
        var c = Enumerable.Repeat(2f, m * n).ToArray();
        Blas.GemmNT(a, m, b, n, k, c, accumulate: true);
        Assert.That(c[3 * n + 5], Is.EqualTo(2f + Blas.Dot(a.AsSpan(3 * k, k), b.AsSpan(5 * k, k))));
    }

    [Test]
    public void GemmNT_LargeProductOnOneAndTwoThreads_GivesIdenticalResults()
    {
        var random = new Random(43);
        int m = 37, n = 150, k = 520;
        var a = NumericsTestData.Uniform(m * k, random);
        var b = NumericsTestData.Uniform(n * k, random);
        var c1 = new float[m * n];
        var c2 = new float[m * n];
        CannsParallelism.MaxDegree = 1;
        Blas.GemmNT(a, m, b, n, k, c1);
        CannsParallelism.MaxDegree = 2;
        Blas.GemmNT(a, m, b, n, k, c2);
        Assert.That(c2, Is.EqualTo(c1));
    }

    [TestCase((int)SimdLevel.Scalar)]
    [TestCase((int)SimdLevel.Vector512)]
    public void Gemv_ParallelArrayOverload_EqualsSpanOverloadAndDot(int level)
    {
        Blas.Level = (SimdLevel)level;
        var random = new Random(44);
        int rows = 1100, k = 1001;
        var a = NumericsTestData.Uniform(rows * k, random);
        var x = NumericsTestData.Uniform(k, random);
        var parallel = new float[rows];
        var serial = new float[rows];
        Blas.Gemv(a, rows, x, k, parallel);
        Blas.Gemv(a.AsSpan(), rows, x, serial);
        Assert.That(parallel, Is.EqualTo(serial));
        Assert.That(serial[rows - 1], Is.EqualTo(Blas.Dot(a.AsSpan((rows - 1) * k, k), x)));
    }

    [TestCase(4)]
    [TestCase(3)]
    [TestCase(0)]
    public void DotRows_AnyRows_EqualDotOfEachRow(int count)
    {
        var random = new Random(45);
        int k = 37;
        var a = NumericsTestData.Uniform(10 * k, random);
        var x = NumericsTestData.Uniform(k, random);
        int[] rows = new[] { 7, 2, 9, 2 }[..count];
        var y = new float[4];
        Blas.DotRows(a, rows, x, y);
        for (int q = 0; q < count; q++) Assert.That(y[q], Is.EqualTo(Blas.Dot(a.AsSpan(rows[q] * k, k), x)), $"row {rows[q]}");
    }

    [Test]
    public void DotRows_RowOutsideTheMatrix_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Blas.DotRows(new float[6], [0, 1, 2, 3], new float[2], new float[4]));
    }
}
