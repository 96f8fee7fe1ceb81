using Canns.Numerics;

namespace Canns.Models.Tests.Numerics;

[NonParallelizable]
[TestFixture]
public class BlasTests
{
    [TearDown]
    public void RestoreLevel() => Blas.Level = SimdSupport.Best;

    private static double NaiveDot(float[] a, int ai, float[] b, int bi, int k)
    {
        double s = 0;
        for (int p = 0; p < k; p++) s += (double)a[ai + p] * b[bi + p];
        return s;
    }

    [TestCase((int)SimdLevel.Scalar)]
    [TestCase((int)SimdLevel.Vector256)]
    [TestCase((int)SimdLevel.Vector512)]
    public void GemmNT_RandomShapes_MatchesNaiveReference(int level)
    {
        Blas.Level = (SimdLevel)level;
        var random = new Random(7);
        foreach (var (m, n, k) in new[] { (1, 1, 1), (0, 3, 2), (3, 0, 2), (5, 7, 0), (5, 7, 3), (17, 9, 33), (64, 64, 64), (37, 41, 100) })
        {
            var a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            var b = Enumerable.Range(0, n * k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            var c = new float[m * n];
            Blas.GemmNT(a, m, b, n, k, c);
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                Assert.That(c[i * n + j], Is.EqualTo(NaiveDot(a, i * k, b, j * k, k)).Within(1e-4), $"({m},{n},{k}) at [{i},{j}]");
            }
        }
    }

    [TestCase((int)SimdLevel.Scalar)]
    [TestCase((int)SimdLevel.Vector512)]
    public void GemmNT_EveryElement_BitIdenticalToDotAndGemv(int level)
    {
        Blas.Level = (SimdLevel)level;
        var random = new Random(3);
        int m = 13, n = 22, k = 45;
        var a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, n * k).Select(_ => (float)random.NextDouble()).ToArray();
        var c = new float[m * n];
        Blas.GemmNT(a, m, b, n, k, c);
        var y = new float[n];
        for (int i = 0; i < m; i++)
        {
            Blas.Gemv(b, n, a.AsSpan(i * k, k), y);
            for (int j = 0; j < n; j++)
            {
                Assert.That(c[i * n + j], Is.EqualTo(y[j]), $"[{i},{j}]");
                Assert.That(c[i * n + j], Is.EqualTo(Blas.Dot(a.AsSpan(i * k, k), b.AsSpan(j * k, k))));
            }
        }
    }

    [Test]
    public void GemmNT_LowerOnlyAccumulate_AddsOnlyTheLowerTriangle()
    {
        int n = 11, k = 9;
        var random = new Random(5);
        var a = Enumerable.Range(0, n * k).Select(_ => (float)random.NextDouble()).ToArray();
        var c = Enumerable.Repeat(1f, n * n).ToArray();
        Blas.GemmNT(a, n, a, n, k, c, lowerOnly: true, accumulate: true);
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            double expected = j <= i ? 1 + NaiveDot(a, i * k, a, j * k, k) : 1;
            Assert.That(c[i * n + j], Is.EqualTo(expected).Within(1e-4), $"[{i},{j}]");
        }
    }

    [Test]
    public void GemmNT_OneAndTwoThreads_GiveIdenticalResults()
    {
        var random = new Random(11);
        int m = 200, n = 150, k = 70;
        var a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, n * k).Select(_ => (float)random.NextDouble()).ToArray();
        var c1 = new float[m * n];
        var c2 = new float[m * n];
        Blas.GemmNT(a, m, b, n, k, c1, maxDegreeOfParallelism: 1);
        Blas.GemmNT(a, m, b, n, k, c2, maxDegreeOfParallelism: 2);
        Assert.That(c2, Is.EqualTo(c1));
    }

    /// <summary>
    /// <see cref="Blas.AllWithin"/> against a naive loop: all inside (bounds included) at lengths around whole 32-value
    /// blocks, then one value just outside, NaN, +∞ or −∞ at every position in turn.
    /// </summary>
    [Test]
    public void AllWithin_EqualsANaiveLoop([Values(0, 1, 31, 32, 33, 70)] int n)
    {
        var random = new Random(n);
        float[] values = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        if (n > 2) (values[0], values[n - 1]) = (0f, 1f);
        Assert.That(Blas.AllWithin(values, 0f, 1f), Is.True, "inside, bounds included");
        foreach (float odd in new[] { -1e-7f, 1.0000001f, float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            for (int k = 0; k < n; k++)
            {
                float[] copy = (float[])values.Clone();
                copy[k] = odd;
                Assert.That(Blas.AllWithin(copy, 0f, 1f), Is.False, $"{odd} at {k} of {n}");
            }
        }
    }
}
