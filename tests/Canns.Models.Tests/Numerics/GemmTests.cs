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
        Blas.LaneClassGemm = true;
        CannsParallelism.MaxDegree = Environment.ProcessorCount;
    }

    private static readonly int[] LaneSizes = [0, 1, 2, 15, 16, 17, 31, 33, 63, 64, 65, 100, 257, 1027];

    /// <summary>Random (m, n, k) from <see cref="LaneSizes"/>, small enough to check element by element, plus the corners.</summary>
    private static IEnumerable<(int M, int N, int K)> LaneShapes(int seed, int count)
    {
        yield return (0, 17, 33);
        yield return (17, 0, 33);
        yield return (9, 17, 0);
        yield return (33, 65, 15);
        yield return (65, 100, 1027);
        // Eight panels or more: each work item packs its own panel of b.
        yield return (40, 400, 33);
        // Three 8-row groups a kernel call: exactly one call with an odd number of chunks; two calls and a group left.
        yield return (24, 50, 49);
        yield return (56, 49, 97);
        var random = new Random(seed);
        for (int found = 0; found < count;)
        {
            int m = LaneSizes[random.Next(LaneSizes.Length)], n = LaneSizes[random.Next(LaneSizes.Length)], k = LaneSizes[random.Next(LaneSizes.Length)];
            if ((long)m * n * k > 8_000_000) continue;
            found++;
            yield return (m, n, k);
        }
    }

    private static void RequireVector512()
    {
        if (SimdSupport.Best != SimdLevel.Vector512) Assert.Ignore("The lane-class kernel needs 512-bit vectors.");
    }

    private static void AssertEveryElementIsDot(float[] c, float[]? start, float[] a, int m, float[] b, int n, int k, string what)
    {
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            float dot = Blas.Dot(a.AsSpan(i * k, k), b.AsSpan(j * k, k));
            float expected = start is null ? dot : start[i * n + j] + dot;
            if (c[i * n + j] != expected) Assert.Fail($"{what} ({m},{n},{k}) [{i},{j}]: {c[i * n + j]:R} != {expected:R}");
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void GemmNT_LaneClassKernel_EveryElementBitIdenticalToDot(bool accumulate)
    {
        RequireVector512();
        var random = new Random(accumulate ? 61 : 60);
        foreach (var (m, n, k) in LaneShapes(accumulate ? 71 : 70, 40))
        {
            var a = NumericsTestData.Uniform(m * k, random);
            var b = NumericsTestData.Uniform(n * k, random);
            var start = accumulate ? NumericsTestData.Uniform(m * n, random) : null;
            var direct = start is null ? new float[m * n] : (float[])start.Clone();
            var viaPacked = start is null ? new float[m * n] : (float[])start.Clone();
            Blas.GemmNT(a, m, b, n, k, direct, accumulate: accumulate);
            using (var packed = Blas.PackB(b, n, k, rowsOfA: 8))
            {
                // The packed overload takes the lane-class kernel for every m, so small m are covered too.
                Assert.That(packed.Packed is not null, Is.EqualTo(n > 0 && k > 0), $"packed ({m},{n},{k})");
                Blas.GemmNT(a, m, packed, viaPacked, accumulate: accumulate);
            }
            AssertEveryElementIsDot(direct, start, a, m, b, n, k, "direct");
            AssertEveryElementIsDot(viaPacked, start, a, m, b, n, k, "packed");
        }
    }

    [Test]
    public void GemmNT_LaneClassKernel_EqualsTheDotProductTiles()
    {
        RequireVector512();
        var random = new Random(62);
        int m = 64, n = 100, k = 1027;
        var a = NumericsTestData.Uniform(m * k, random);
        var b = NumericsTestData.Uniform(n * k, random);
        var lanes = new float[m * n];
        var tiles = new float[m * n];
        Blas.GemmNT(a, m, b, n, k, lanes);
        Blas.LaneClassGemm = false;
        Blas.GemmNT(a, m, b, n, k, tiles);
        Assert.That(lanes, Is.EqualTo(tiles));
    }

    [Test]
    public void GemmNT_LaneClassKernelOnOneAndTwoThreads_GivesIdenticalResults()
    {
        RequireVector512();
        var random = new Random(63);
        int m = 100, n = 257, k = 1027;
        var a = NumericsTestData.Uniform(m * k, random);
        var b = NumericsTestData.Uniform(n * k, random);
        var c1 = new float[m * n];
        var c2 = new float[m * n];
        var p1 = new float[m * n];
        var p2 = new float[m * n];
        using var packed = Blas.PackB(b, n, k, rowsOfA: m);
        CannsParallelism.MaxDegree = 1;
        Blas.GemmNT(a, m, b, n, k, c1);
        Blas.GemmNT(a, m, packed, p1);
        CannsParallelism.MaxDegree = 2;
        Blas.GemmNT(a, m, b, n, k, c2);
        Blas.GemmNT(a, m, packed, p2);
        Assert.That(c2, Is.EqualTo(c1));
        Assert.That(p1, Is.EqualTo(c1));
        Assert.That(p2, Is.EqualTo(c1));
    }

    [Test]
    public unsafe void PackB_PackedPanels_StartOn64ByteBoundaries()
    {
        RequireVector512();
        var random = new Random(65);
        foreach (var (n, k) in new[] { (65, 257), (96, 64), (200, 200) })
        {
            var b = NumericsTestData.Uniform(n * k, random);
            // Twice: the second operand reuses the buffer the first returned.
            for (int round = 0; round < 2; round++)
            {
                using var packed = Blas.PackB(b, n, k, rowsOfA: 40);
                Assert.That(packed.Packed, Is.Not.Null);
                fixed (float* start = &packed.Packed![packed.Offset])
                {
                    Assert.That((long)start % 64, Is.EqualTo(0L), $"({n}, {k}) round {round}");
                }
            }
        }
    }

    [Test]
    public void PackB_TwoOperandsAtOnce_EachBufferKeptAndReused()
    {
        // Two workers packing at the same time: each returned buffer is kept (one per core), so the next two operands
        // reuse both instead of allocating (and faulting in) a fresh one.
        RequireVector512();
        var random = new Random(66);
        int n = 96, k = 300;
        var b = NumericsTestData.Uniform(n * k, random);
        var first = Blas.PackB(b, n, k, rowsOfA: 40);
        var second = Blas.PackB(b, n, k, rowsOfA: 40);
        float[] bufferA = first.Packed!, bufferB = second.Packed!;
        Assert.That(bufferB, Is.Not.SameAs(bufferA), "operands alive together never share a buffer");
        first.Dispose();
        second.Dispose();
        Assert.That(first.Packed, Is.Null);
        using var third = Blas.PackB(b, n, k, rowsOfA: 40);
        using var fourth = Blas.PackB(b, n, k, rowsOfA: 40);
        Assert.That(new[] { third.Packed, fourth.Packed }, Is.EquivalentTo(new[] { bufferA, bufferB }));
        GC.KeepAlive(bufferA);
        GC.KeepAlive(bufferB);
    }

    [Test]
    public void GemmNT_PackedOperandReusedAcrossCalls_EqualsUnpackedProducts()
    {
        RequireVector512();
        var random = new Random(64);
        int n = 65, k = 257;
        var b = NumericsTestData.Uniform(n * k, random);
        using var packed = Blas.PackB(b, n, k, rowsOfA: 40);
        Assert.That(packed.Packed, Is.Not.Null);
        foreach (int m in new[] { 40, 33, 5 })
        {
            var a = NumericsTestData.Uniform(m * k, random);
            var reused = new float[m * n];
            var unpacked = new float[m * n];
            Blas.GemmNT(a, m, packed, reused);
            Blas.LaneClassGemm = false;
            Blas.GemmNT(a, m, b, n, k, unpacked);
            Blas.LaneClassGemm = true;
            Assert.That(reused, Is.EqualTo(unpacked), $"m = {m}");
        }
    }

    [Test]
    public void PackB_AtAnotherWidth_PacksNothingAndStillGivesDot()
    {
        Blas.Level = SimdLevel.Vector256;
        var random = new Random(65);
        int m = 20, n = 33, k = 70;
        var a = NumericsTestData.Uniform(m * k, random);
        var b = NumericsTestData.Uniform(n * k, random);
        var c = new float[m * n];
        using var packed = Blas.PackB(b, n, k, rowsOfA: m);
        Blas.GemmNT(a, m, packed, c);
        Assert.That(packed.Packed, Is.Null);
        AssertEveryElementIsDot(c, null, a, m, b, n, k, "256-bit");
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
