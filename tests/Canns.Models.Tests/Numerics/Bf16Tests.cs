using Canns.Numerics;

namespace Canns.Models.Tests.Numerics;

[NonParallelizable]
[TestFixture]
public class Bf16Tests
{
    [TearDown]
    public void Restore() => CannsParallelism.MaxDegree = Environment.ProcessorCount;

    /// <summary>Nearest bfloat16 by the definition: the nearer of the two neighbours, the even one on a tie.</summary>
    private static float Nearest(float x)
    {
        uint bits = BitConverter.SingleToUInt32Bits(x);
        float down = BitConverter.UInt32BitsToSingle(bits & 0xFFFF0000u), up = BitConverter.UInt32BitsToSingle((bits & 0xFFFF0000u) + 0x10000u);
        double dDown = Math.Abs((double)x - down), dUp = Math.Abs((double)x - up);
        return dDown < dUp ? down : dUp < dDown ? up : ((bits >> 16) & 1) == 0 ? down : up;
    }

    [Test]
    public void ToBf16_RandomAndTieValues_RoundToNearestEven()
    {
        var random = new Random(3);
        var values = new List<float> { 0f, -0f, 1f, -1f, float.Epsilon, 1e-40f, float.MaxValue / 4 };
        for (int i = 0; i < 500; i++) values.Add((float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-30, 30))));
        // Exact ties, upper half even and odd: 0x3F80_8000 (1 + 2⁻⁸) and 0x3F81_8000.
        values.Add(BitConverter.UInt32BitsToSingle(0x3F808000u));
        values.Add(BitConverter.UInt32BitsToSingle(0x3F818000u));
        values.Add(BitConverter.UInt32BitsToSingle(0xBF818000u));
        values.Add(BitConverter.UInt32BitsToSingle(0x3F80FFFFu));
        // 37 values: the vector body (32 at a time) and the scalar tail both run.
        foreach (int length in new[] { values.Count, 37, 31, 1, 0 })
        {
            var source = values.Take(length).ToArray();
            var target = new ushort[length];
            Blas.ToBf16(source, target);
            for (int i = 0; i < length; i++)
            {
                Assert.That(Blas.FromBf16(target[i]), Is.EqualTo(Nearest(source[i])), $"{source[i]:R} (0x{BitConverter.SingleToUInt32Bits(source[i]):X8})");
                Assert.That(target[i], Is.EqualTo(Blas.ToBf16(source[i])));
            }
        }
        Assert.That(Blas.ToBf16(BitConverter.UInt32BitsToSingle(0x3F808000u)), Is.EqualTo((ushort)0x3F80), "tie to even, down");
        Assert.That(Blas.ToBf16(BitConverter.UInt32BitsToSingle(0x3F818000u)), Is.EqualTo((ushort)0x3F82), "tie to even, up");
    }

    [Test]
    public void ToBf16_TargetTooShort_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Blas.ToBf16(new float[5], new ushort[4]));
        Assert.That(ex!.Message, Does.Contain("shorter than source"));
    }

    // k = 48 and 50: whole 32-element blocks, then a 16-element block, then (50) a scalar tail.
    private static IEnumerable<(int Rows, int K)> Shapes() => [(1, 1), (3, 15), (4, 16), (5, 17), (4, 48), (7, 50), (33, 100), (64, 257), (600, 600), (1030, 520)];

    [Test]
    public void GemvBf16_WithinItsErrorBoundOfTheExactProducts([Values(1, 2)] int threads)
    {
        if (!Blas.Bf16GemvAvailable) Assert.Ignore("AVX-512 only.");
        CannsParallelism.MaxDegree = threads;
        var random = new Random(4);
        foreach (var (rows, k) in Shapes())
        {
            var a = NumericsTestData.Uniform(rows * k, random);
            var x = NumericsTestData.Uniform(k, random);
            var bf16 = new ushort[rows * k];
            Blas.ToBf16(a, bf16);
            var y = new float[rows];
            Blas.GemvBf16(bf16, rows, x, k, y);
            // The bound the recall relies on, against double sums of the float and of the bfloat16 weights.
            double m = (k + 15) / 16 + 4 + k % 16 + 1, gamma = m / (1 << 24) / (1 - m / (1 << 24));
            for (int i = 0; i < rows; i++)
            {
                double exactW = 0, exactB = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    exactW += (double)a[i * k + p] * x[p];
                    exactB += (double)Blas.FromBf16(bf16[i * k + p]) * x[p];
                    abs += Math.Abs((double)a[i * k + p] * x[p]);
                }
                Assert.That(Math.Abs(y[i] - exactB), Is.LessThanOrEqualTo(gamma * (1 + Blas.Bf16UnitRoundoff) * abs + 1e-30), $"({rows}, {k}) row {i}: rounding");
                Assert.That(Math.Abs(y[i] - exactW), Is.LessThanOrEqualTo((Blas.Bf16UnitRoundoff * (1 + gamma) + gamma) * abs + 1e-30), $"({rows}, {k}) row {i}: vs float W");
            }
        }
    }

    [Test]
    public void GemvBf16_OneAndTwoThreads_Identical()
    {
        if (!Blas.Bf16GemvAvailable) Assert.Ignore("AVX-512 only.");
        var random = new Random(5);
        int rows = 1030, k = 520;
        var bf16 = new ushort[rows * k];
        Blas.ToBf16(NumericsTestData.Uniform(rows * k, random), bf16);
        var x = NumericsTestData.Uniform(k, random);
        var one = new float[rows];
        var two = new float[rows];
        CannsParallelism.MaxDegree = 1;
        Blas.GemvBf16(bf16, rows, x, k, one);
        CannsParallelism.MaxDegree = 2;
        Blas.GemvBf16(bf16, rows, x, k, two);
        Assert.That(two, Is.EqualTo(one));
    }

    [Test]
    public void GemvBf16_BuffersTooShort_Throw()
    {
        if (!Blas.Bf16GemvAvailable) Assert.Ignore("AVX-512 only.");
        Assert.Throws<ArgumentException>(() => Blas.GemvBf16(new ushort[11], 3, new float[4], 4, new float[3]));
        Assert.Throws<ArgumentException>(() => Blas.GemvBf16(new ushort[12], 3, new float[3], 4, new float[3]));
        Assert.Throws<ArgumentException>(() => Blas.GemvBf16(new ushort[12], 3, new float[4], 4, new float[2]));
    }
}
