using Canns.Numerics;

namespace Canns.Models.Tests.Numerics;

[NonParallelizable]
[TestFixture]
public class BitGramTests
{
    [TearDown]
    public void Restore()
    {
        Blas.Level = SimdSupport.Best;
        CannsParallelism.MaxDegree = Environment.ProcessorCount;
    }

    private static float[] BitGram(float[] x, int rows, int n, float[]? start = null)
    {
        int words = Blas.SignWords(rows);
        var bits = new ulong[(n + 3) / 4 * 4 * words];
        Blas.PackSignColumns(x, 0, rows, n, bits, words);
        var c = start is null ? new float[n * (n + 1) / 2] : (float[])start.Clone();
        Blas.BitGramLower(bits, n, words, rows, c, accumulate: start is not null);
        return c;
    }

    [TestCase((int)SimdLevel.Scalar)]
    [TestCase((int)SimdLevel.Vector512)]
    public void BitGramLower_BipolarPatterns_EqualsFloatGramExactly(int level)
    {
        Blas.Level = (SimdLevel)level;
        var random = new Random(31);
        // Columns of a 256-bit half alone (up to 192 patterns), one whole vector (193–384), a vector and a half (410),
        // two vectors (600) and two and a half (770), three (1,030).
        foreach (var (rows, n) in new[] { (1, 1), (63, 5), (64, 17), (65, 16), (192, 6), (193, 7), (300, 7), (384, 5), (385, 9), (410, 13), (600, 33), (770, 10), (1030, 9) })
        {
            var x = NumericsTestData.Bipolar(rows * n, random);
            Assert.That(Blas.SignWords(rows), Is.EqualTo((rows + 191) / 192 * 4), $"words for {rows} rows");
            Assert.That(BitGram(x, rows, n), Is.EqualTo(NumericsTestData.FmaChainGram(x, rows, n)), $"rows {rows}, n {n}");
        }
    }

    [Test]
    public void BitGramLower_MoreThanOneCounterBlock_EqualsFloatGramExactly()
    {
        // A byte counter takes 31 vectors of 384 patterns (11,904): 12,000 patterns are 31 vectors and a half (the half
        // alone in the second block), 16,100 are 42 vectors (31 and 11).
        var random = new Random(32);
        foreach (int rows in new[] { 12_000, 16_100 })
        {
            int n = 6;
            var x = NumericsTestData.Bipolar(rows * n, random);
            Assert.That(BitGram(x, rows, n), Is.EqualTo(NumericsTestData.FmaChainGram(x, rows, n)), $"rows {rows}");
        }
    }

    [Test]
    public void BitGramLower_Accumulate_AddsToTheOldValues()
    {
        var random = new Random(33);
        int rows = 90, n = 11;
        var x = NumericsTestData.Bipolar(rows * n, random);
        var start = Enumerable.Range(0, n * (n + 1) / 2).Select(i => (float)(i % 7)).ToArray();
        var expected = NumericsTestData.FmaChainGram(x, rows, n).Select((v, i) => v + start[i]).ToArray();
        Assert.That(BitGram(x, rows, n, start), Is.EqualTo(expected));
    }

    [Test]
    public void BitGramLower_OneAndTwoThreads_GiveIdenticalResults()
    {
        var random = new Random(34);
        int rows = 700, n = 130;
        var x = NumericsTestData.Bipolar(rows * n, random);
        CannsParallelism.MaxDegree = 1;
        var one = BitGram(x, rows, n);
        CannsParallelism.MaxDegree = 2;
        Assert.That(BitGram(x, rows, n), Is.EqualTo(one));
    }

    /// <summary>
    /// <see cref="Blas.PackSignColumns"/> against a naive bit loop, from a row offset, at shapes that take 128-column
    /// blocks, narrower blocks and the scalar tail (n = 5, 16, 130, 300), and words with fewer than, exactly and
    /// more than 24 rows in a word of 48 (rows = 1, 6, 24, 25, 48, 49, 100, 130).
    /// </summary>
    [Test]
    public void PackSignColumns_BipolarBlocks_EqualsANaiveBitLoop([Values(5, 16, 130, 300)] int n)
    {
        var random = new Random(n);
        foreach (int rows in new[] { 1, 6, 24, 25, 48, 49, 100, 130 })
        {
            const int FirstRow = 3;
            var x = NumericsTestData.Bipolar((FirstRow + rows) * n, random);
            int words = Blas.SignWords(rows), columns = (n + 3) / 4 * 4;
            var bits = Enumerable.Repeat(ulong.MaxValue, columns * words).ToArray();
            Blas.PackSignColumns(x, FirstRow, rows, n, bits, words);
            var expected = new ulong[columns * words];
            for (int i = 0; i < n; i++)
            for (int r = 0; r < rows; r++)
            {
                // Six patterns a byte, in bits 0–5; the top two bits of every byte stay zero.
                int t = r % 48;
                if (x[(FirstRow + r) * n + i] < 0) expected[i * words + r / 48] |= 1UL << (8 * (t / 6) + t % 6);
            }
            Assert.That(bits, Is.EqualTo(expected), $"rows {rows}, n {n}");
        }
    }

    [Test]
    public void PackSignColumns_NegativeEntries_SetTheirBits()
    {
        // Patterns (rows) 0..2 over 2 columns: column 0 = (−1, +1, −1), column 1 = (+1, +1, −1).
        float[] x = [-1, 1, 1, 1, -1, -1];
        int words = Blas.SignWords(3);
        var bits = new ulong[4 * words];
        Blas.PackSignColumns(x, 0, 3, 2, bits, words);
        Assert.That((bits[0], bits[words], bits[2 * words]), Is.EqualTo((0b101UL, 0b100UL, 0UL)));
    }

    [TestCase(new float[] { 1, -1, 1 }, true)]
    [TestCase(new float[] { }, true)]
    [TestCase(new float[] { 1, 0.5f }, false)]
    [TestCase(new float[] { 1, -0f }, false)]
    public void IsBipolar_Values_TellsWhetherAllArePlusOrMinusOne(float[] values, bool expected)
    {
        Assert.That(Blas.IsBipolar(values), Is.EqualTo(expected));
    }

    [Test]
    public void IsBipolar_LongVectorWithOneOddValueInTheLastBlock_IsFalse()
    {
        var values = Enumerable.Repeat(-1f, 100).ToArray();
        values[90] = 2f;
        Assert.That(Blas.IsBipolar(values), Is.False);
    }
}

[NonParallelizable]
[TestFixture]
public class BitGramInt16Tests
{
    [TearDown]
    public void Restore()
    {
        Blas.Level = SimdSupport.Best;
        CannsParallelism.MaxDegree = Environment.ProcessorCount;
    }

    [TestCase((int)SimdLevel.Scalar, 1)]
    [TestCase((int)SimdLevel.Vector512, 1)]
    [TestCase((int)SimdLevel.Vector512, 2)]
    public void BitGramAddLowerInt16_AddsSignedGramBelowTheDiagonalOnly(int level, int threads)
    {
        Blas.Level = (SimdLevel)level;
        CannsParallelism.MaxDegree = threads;
        var random = new Random(33);
        foreach (var (rows, n) in new[] { (1, 1), (63, 5), (65, 18), (410, 9), (600, 33) })
        {
            var x = NumericsTestData.Bipolar(rows * n, random);
            int words = Blas.SignWords(rows);
            var bits = new ulong[(n + 3) / 4 * 4 * words];
            Blas.PackSignColumns(x, 0, rows, n, bits, words);
            var j = new short[n * n];
            for (int t = 0; t < j.Length; t++) j[t] = (short)random.Next(-100, 100);
            var before = (short[])j.Clone();
            Blas.BitGramAddLowerInt16(bits, n, words, rows, j, sign: -1);
            for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                int g = 0;
                for (int p = 0; p < rows; p++) g += (int)(x[p * n + a] * x[p * n + b]);
                int expected = b < a ? before[a * n + b] - g : before[a * n + b];
                Assert.That(j[a * n + b], Is.EqualTo(expected), $"rows {rows}, n {n}, ({a}, {b})");
            }
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public void MirrorLowerInt16_CopiesLowerOntoUpperAndKeepsTheRest(int threads)
    {
        CannsParallelism.MaxDegree = threads;
        var random = new Random(34);
        foreach (int n in new[] { 1, 2, 63, 64, 65, 130 })
        {
            var j = new short[n * n];
            for (int t = 0; t < j.Length; t++) j[t] = (short)random.Next(-1000, 1000);
            var before = (short[])j.Clone();
            Blas.MirrorLowerInt16(j, n);
            for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                short expected = b <= a ? before[a * n + b] : before[b * n + a];
                Assert.That(j[a * n + b], Is.EqualTo(expected), $"n {n}, ({a}, {b})");
            }
        }
    }

    /// <summary>
    /// <see cref="Blas.BipolarColumnSums"/> against naive column sums in double, added to sums that are not zero, at shapes
    /// below, at and past a 16-column vector and a 256-row block (so several blocks run on the cores).
    /// </summary>
    [TestCase(0, 5)]
    [TestCase(1, 1)]
    [TestCase(3, 17)]
    [TestCase(300, 33)]
    [TestCase(700, 64)]
    public void BipolarColumnSums_PlusMinusOneMatrix_AddsTheColumnSums(int rows, int n)
    {
        var random = new Random(rows * 31 + n);
        float[] x = Enumerable.Range(0, rows * n).Select(_ => random.Next(2) == 0 ? -1f : 1f).ToArray();
        double[] sums = Enumerable.Range(0, n).Select(j => (double)(j - 3)).ToArray();
        double[] expected = (double[])sums.Clone();
        for (int r = 0; r < rows; r++)
        for (int j = 0; j < n; j++) expected[j] += x[r * n + j];

        Assert.That(Blas.BipolarColumnSums(x, rows, n, sums), Is.True);
        Assert.That(sums, Is.EqualTo(expected));
    }

    /// <summary>One value that is not ±1, anywhere (first element, a vector lane, the scalar tail, the last row of a later
    /// block), makes the answer false and leaves the sums as they were.</summary>
    [Test]
    public void BipolarColumnSums_OneOtherValue_FalseAndSumsUnchanged(
        [Values(0f, -0f, 2f, 0.999f, float.NaN, float.PositiveInfinity)] float odd, [Values(0, 5, 20, 699 * 21 + 18)] int at)
    {
        const int Rows = 700, N = 21;
        float[] x = Enumerable.Range(0, Rows * N).Select(i => i % 3 == 0 ? -1f : 1f).ToArray();
        x[at] = odd;
        double[] sums = Enumerable.Repeat(7.0, N).ToArray();
        Assert.That(Blas.BipolarColumnSums(x, Rows, N, sums), Is.False);
        Assert.That(sums, Is.All.EqualTo(7.0));
    }
}
