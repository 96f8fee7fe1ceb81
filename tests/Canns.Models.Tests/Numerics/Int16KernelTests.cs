using Canns.Numerics;

namespace Canns.Models.Tests.Numerics;

[NonParallelizable]
[TestFixture]
public class Int16KernelTests
{
    private static readonly int[] Lengths = [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 4_097];

    [TearDown]
    public void Restore()
    {
        Blas.Level = SimdSupport.Best;
        CannsParallelism.MaxDegree = Environment.ProcessorCount;
    }

    private static short[] Couplings(int length, Random random)
    {
        var a = new short[length];
        for (int i = 0; i < length; i++) a[i] = (short)random.Next(-32_767, 32_768);
        return a;
    }

    private static short[] Spins(int length, Random random)
    {
        var x = new short[length];
        for (int i = 0; i < length; i++) x[i] = random.Next(2) == 0 ? (short)-1 : (short)1;
        return x;
    }

    private static long NaiveDot(short[] a, int offset, short[] x, int xOffset, int k)
    {
        long sum = 0;
        for (int t = 0; t < k; t++) sum += (long)a[offset + t] * x[xOffset + t];
        return sum;
    }

    [TestCase((int)SimdLevel.Scalar)]
    [TestCase((int)SimdLevel.Vector256)]
    [TestCase((int)SimdLevel.Vector512)]
    public void DotInt16_RandomLengths_EqualsNaiveLongSum(int level)
    {
        Blas.Level = (SimdLevel)level;
        var random = new Random(41);
        foreach (int k in Lengths)
        {
            var a = Couplings(k, random);
            var x = Spins(k, random);
            Assert.That(Blas.DotInt16(a, x), Is.EqualTo(NaiveDot(a, 0, x, 0, k)), $"length {k}");
        }
    }

    [Test]
    public void DotInt16_ExtremeCouplingsAtEveryLane_DoesNotOverflowPairs()
    {
        // vpmaddwd adds two products of −32,768·−1 = 32,768 each: 65,536 fits in the 32-bit pair sum.
        var a = Enumerable.Repeat(short.MinValue, 64).ToArray();
        var x = Enumerable.Repeat((short)-1, 64).ToArray();
        Assert.That(Blas.DotInt16(a, x), Is.EqualTo(64 * 32_768));
    }

    [Test]
    public void DotInt16_LengthsDiffer_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Blas.DotInt16(new short[3], new short[4]));
        Assert.That(ex!.Message, Does.Contain("(3)").And.Contain("(4)"));
    }

    [TestCase((int)SimdLevel.Scalar, 1)]
    [TestCase((int)SimdLevel.Vector512, 1)]
    [TestCase((int)SimdLevel.Vector512, 2)]
    public void GemvInt16_RandomShapes_EqualsNaiveProduct(int level, int threads)
    {
        Blas.Level = (SimdLevel)level;
        CannsParallelism.MaxDegree = threads;
        var random = new Random(42);
        foreach (var (rows, k) in new[] { (1, 1), (3, 33), (17, 65), (600, 1_000), (1_100, 1_100) })
        {
            var a = Couplings(rows * k, random);
            var x = Spins(k, random);
            var y = new int[rows];
            Blas.GemvInt16(a, rows, x, k, y);
            for (int i = 0; i < rows; i++) Assert.That(y[i], Is.EqualTo(NaiveDot(a, i * k, x, 0, k)), $"({rows}, {k}) row {i}");
        }
    }

    [TestCase((int)SimdLevel.Scalar, 1)]
    [TestCase((int)SimdLevel.Vector512, 1)]
    [TestCase((int)SimdLevel.Vector512, 2)]
    public void GemmInt16_RandomShapes_EqualsNaiveProducts(int level, int threads)
    {
        Blas.Level = (SimdLevel)level;
        CannsParallelism.MaxDegree = threads;
        var random = new Random(43);
        // 4,097 + 5 columns cross the 4,096-column block edge; 1,024 + 33 the register tiles' block edge. Rows and
        // probes off multiples of 4 leave tile remainders; widths off multiples of 32 leave vector tails.
        foreach (var (rows, batch, k) in new[]
                 {
                     (1, 1, 1), (5, 3, 31), (130, 7, 97), (70, 2, 4_101), (67, 4, 2_048), (9, 9, 1_057), (8, 8, 64), (4, 5, 33),
                 })
        {
            var a = Couplings(rows * k, random);
            var x = Spins(batch * k, random);
            var y = new int[batch * rows];
            y.AsSpan().Fill(12345);
            Blas.GemmInt16(a, rows, x, batch, k, y);
            for (int b = 0; b < batch; b++)
            for (int i = 0; i < rows; i++)
            {
                Assert.That(y[b * rows + i], Is.EqualTo(NaiveDot(a, i * k, x, b * k, k)), $"({rows}, {batch}, {k}) probe {b} row {i}");
            }
        }
    }

    [TestCase((int)SimdLevel.Scalar)]
    [TestCase((int)SimdLevel.Vector256)]
    [TestCase((int)SimdLevel.Vector512)]
    public void AddScaledInt16_RandomLengths_EqualsNaiveLoop(int level)
    {
        Blas.Level = (SimdLevel)level;
        var random = new Random(44);
        foreach (int k in Lengths)
        {
            var a = Couplings(k, random);
            var y = new int[k];
            for (int i = 0; i < k; i++) y[i] = random.Next(-1_000_000, 1_000_000);
            foreach (int factor in new[] { 2, -2, 1, -1, 3, -7 })
            {
                var expected = y.Select((v, i) => v + factor * a[i]).ToArray();
                Blas.AddScaledInt16(y, a, factor);
                Assert.That(y, Is.EqualTo(expected), $"length {k}, factor {factor}");
            }
        }
    }
}
