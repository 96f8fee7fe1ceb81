using Canns.Numerics;

namespace Canns.Models.Tests.Numerics;

[TestFixture]
public class SymmetryTests
{
    private static float[] SymmetricMatrix(int n, Random random)
    {
        var w = new float[n * n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++)
        {
            float v = (float)(random.NextDouble() * 2 - 1);
            w[i * n + j] = v;
            w[j * n + i] = v;
        }
        return w;
    }

    /// <summary>The naive definition, independent of both kernels.</summary>
    private static bool Naive(float[] w, int n)
    {
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            if (BitConverter.SingleToInt32Bits(w[i * n + j]) != BitConverter.SingleToInt32Bits(w[j * n + i])) return false;
        }
        return true;
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(15)]
    [TestCase(31)]
    [TestCase(32)]
    [TestCase(47)]
    [TestCase(64)]
    [TestCase(100)]
    public void IsSymmetric_SymmetricMatrix_True(int n)
    {
        var w = SymmetricMatrix(n, new Random(n + 1));
        Assert.That(Blas.IsSymmetric(w, n), Is.True);
        Assert.That(Blas.IsSymmetricScalar(w, n, 0), Is.True);
    }

    [Test]
    public void IsSymmetric_EveryOffDiagonalEntryChangedAlone_False()
    {
        // Each entry in turn, at a size with full tiles, diagonal tiles and a ragged edge (n = 37): the vector tiles,
        // the scalar diagonal tiles and the scalar edge must each see it.
        const int n = 37;
        var w = SymmetricMatrix(n, new Random(7));
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            if (i == j) continue;
            float old = w[i * n + j];
            w[i * n + j] = MathF.BitIncrement(old);
            Assert.That(Blas.IsSymmetric(w, n), Is.EqualTo(Naive(w, n)).And.False, $"({i}, {j})");
            w[i * n + j] = old;
        }
    }

    [Test]
    public void IsSymmetric_DiagonalChanged_StillTrue()
    {
        const int n = 40;
        var w = SymmetricMatrix(n, new Random(8));
        for (int i = 0; i < n; i++) w[i * n + i] = float.NaN;
        Assert.That(Blas.IsSymmetric(w, n), Is.True);
    }

    [Test]
    public void IsSymmetric_SignedZeroAndNaN_ComparedBitForBit()
    {
        const int n = 48;
        var w = SymmetricMatrix(n, new Random(9));
        w[40 * n + 3] = 0f;
        w[3 * n + 40] = -0f;
        Assert.That(Blas.IsSymmetric(w, n), Is.False, "+0 vs -0");
        w[3 * n + 40] = 0f;
        Assert.That(Blas.IsSymmetric(w, n), Is.True);
        w[40 * n + 3] = float.NaN;
        w[3 * n + 40] = float.NaN;
        Assert.That(Blas.IsSymmetric(w, n), Is.EqualTo(Naive(w, n)), "same NaN bits on both sides");
    }

    [Test]
    public void IsSymmetric_RandomMatrices_AgreeWithTheNaiveDefinition()
    {
        var random = new Random(10);
        for (int trial = 0; trial < 40; trial++)
        {
            int n = random.Next(0, 90);
            var w = SymmetricMatrix(n, random);
            if (n > 1 && trial % 2 == 0)
            {
                int i = random.Next(n), j = random.Next(n);
                w[i * n + j] += 1f;
            }
            Assert.That(Blas.IsSymmetric(w, n), Is.EqualTo(Naive(w, n)), $"trial {trial}, n {n}");
        }
    }

    [Test]
    public void IsSymmetric_BufferTooSmall_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Blas.IsSymmetric(new float[8], 3));
        Assert.That(ex!.Message, Does.Contain("smaller than 3 × 3"));
    }
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(15)]
    [TestCase(16)]
    [TestCase(17)]
    [TestCase(33)]
    [TestCase(64)]
    [TestCase(100)]
    [TestCase(600)]
    public void MirrorLower_RandomMatrix_UpperBecomesTheLowerTransposed(int n)
    {
        var random = new Random(n + 7);
        var w = new float[n * n];
        for (int k = 0; k < w.Length; k++) w[k] = (float)(random.NextDouble() * 2 - 1);
        var before = (float[])w.Clone();
        Blas.MirrorLower(w, n);
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            // The lower triangle and the diagonal stay; the upper one is the lower's mirror.
            float expected = j <= i ? before[i * n + j] : before[j * n + i];
            Assert.That(w[i * n + j], Is.EqualTo(expected), $"w[{i}, {j}]");
        }
    }

    [Test]
    public void MirrorLower_BufferTooSmall_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Blas.MirrorLower(new float[8], 3));
        Assert.That(ex!.Message, Does.Contain("smaller than 3 × 3"));
    }
}
