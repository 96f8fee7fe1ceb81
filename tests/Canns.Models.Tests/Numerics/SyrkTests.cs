using Canns.Numerics;

namespace Canns.Models.Tests.Numerics;

[NonParallelizable]
[TestFixture]
public class SyrkTests
{
    private static readonly (int Rows, int N)[] Shapes = [(1, 1), (3, 1), (1, 5), (7, 33), (40, 8), (600, 19), (130, 70), (513, 65)];

    // Past one block of panels (14 × 16 columns at 512 bits, 14 × 8 at 256) and one work unit (336 rows), with ragged edges.
    private static readonly (int Rows, int N)[] BlockShapes = [(513, 300), (20, 577), (2, 1001), (1, 290), (35, 145), (600, 433)];

    [TearDown]
    public void Restore()
    {
        Blas.Level = SimdSupport.Best;
        CannsParallelism.MaxDegree = Environment.ProcessorCount;
        Blas.SyrkAllBlocksLimit = DefaultAllBlocksLimit;
        Blas.SyrkStreamingFloats = DefaultStreamingFloats;
    }

    private static readonly long DefaultAllBlocksLimit = Blas.SyrkAllBlocksLimit;
    private static readonly long DefaultStreamingFloats = Blas.SyrkStreamingFloats;

    [TestCase((int)SimdLevel.Scalar)]
    [TestCase((int)SimdLevel.Vector256)]
    [TestCase((int)SimdLevel.Vector512)]
    public void SyrkLower_RandomShapes_EqualsScalarFmaChainExactly(int level)
    {
        Blas.Level = (SimdLevel)level;
        var random = new Random(21);
        foreach (var (rows, n) in Shapes)
        {
            var x = NumericsTestData.Uniform(rows * n, random);
            var c = new float[n * (n + 1) / 2];
            Blas.SyrkLower(x, 0, rows, n, c, accumulate: false);
            Assert.That(c, Is.EqualTo(NumericsTestData.FmaChainGram(x, rows, n)), $"rows {rows}, n {n}");
        }
    }

    [TestCase((int)SimdLevel.Vector256, 1)]
    [TestCase((int)SimdLevel.Vector256, 2)]
    [TestCase((int)SimdLevel.Vector512, 1)]
    [TestCase((int)SimdLevel.Vector512, 2)]
    public void SyrkLower_ShapesAcrossBlocksAndThreads_EqualScalarFmaChainExactly(int level, int threads)
    {
        Blas.Level = (SimdLevel)level;
        CannsParallelism.MaxDegree = threads;
        var random = new Random(25);
        foreach (var (rows, n) in BlockShapes)
        {
            var x = NumericsTestData.Uniform(rows * n, random);
            var start = NumericsTestData.Uniform(n * (n + 1) / 2, random);
            var c = (float[])start.Clone();
            Blas.SyrkLower(x, 0, rows, n, c, accumulate: true);
            Assert.That(c, Is.EqualTo(NumericsTestData.FmaChainGram(x, rows, n, start)), $"rows {rows}, n {n}, accumulate");
            Blas.SyrkLower(x, 0, rows, n, c, accumulate: false);
            Assert.That(c, Is.EqualTo(NumericsTestData.FmaChainGram(x, rows, n)), $"rows {rows}, n {n}");
        }
    }

    // Several blocks of 512 patterns in one call (each next block packed while one is multiplied), ragged last blocks,
    // widths off the 16/8-column panels and the 28-row tiles, and a first row past 0.
    private static readonly (int FirstRow, int Rows, int N)[] MultiBlockShapes = [(0, 1100, 150), (3, 1025, 301), (0, 1536, 49), (1, 513, 7), (0, 2049, 20)];

    [TestCase((int)SimdLevel.Vector256, 1)]
    [TestCase((int)SimdLevel.Vector256, 2)]
    [TestCase((int)SimdLevel.Vector512, 1)]
    [TestCase((int)SimdLevel.Vector512, 2)]
    public void SyrkLower_ManyBlocksInOneCall_EqualScalarFmaChainExactly_AndReportEveryBlock(int level, int threads)
    {
        Blas.Level = (SimdLevel)level;
        CannsParallelism.MaxDegree = threads;
        var random = new Random(26);
        foreach (var (firstRow, rows, n) in MultiBlockShapes)
        {
            var x = NumericsTestData.Uniform((firstRow + rows) * n, random);
            var own = x[(firstRow * n)..];
            var start = NumericsTestData.Uniform(n * (n + 1) / 2, random);
            var c = (float[])start.Clone();
            var reports = new List<int>();
            Blas.SyrkLower(x, firstRow, rows, n, c, accumulate: true, reports.Add);
            Assert.That(c, Is.EqualTo(NumericsTestData.FmaChainGram(own, rows, n, start)), $"rows {rows}, n {n}, accumulate");
            var blocks = Enumerable.Range(1, (rows + Blas.SyrkBlockRows - 1) / Blas.SyrkBlockRows).Select(b => Math.Min(rows, b * Blas.SyrkBlockRows));
            Assert.That(reports, Is.EqualTo(blocks), $"rows {rows}, n {n}");
            Blas.SyrkLower(x, firstRow, rows, n, c, accumulate: false);
            Assert.That(c, Is.EqualTo(NumericsTestData.FmaChainGram(own, rows, n)), $"rows {rows}, n {n}");
        }
    }

    [TestCase((int)SimdLevel.Scalar)]
    [TestCase((int)SimdLevel.Vector256)]
    [TestCase((int)SimdLevel.Vector512)]
    public void SyrkLower_BlockByBlockOrder_CallbackSeesTheSumsSoFar_AndAnExceptionStopsTheUpdate(int level)
    {
        // The order past the packed-size limit (and the scalar path's): c is updated block by block.
        Blas.Level = (SimdLevel)level;
        Blas.SyrkAllBlocksLimit = 0;
        var random = new Random(27);
        int rows = 1300, n = 70;
        var x = NumericsTestData.Uniform(rows * n, random);
        var c = new float[n * (n + 1) / 2];
        float[]? seen = null;
        Assert.Throws<OperationCanceledException>(() => Blas.SyrkLower(x, 0, rows, n, c, accumulate: false, done =>
        {
            if (done < Blas.SyrkBlockRows) return;
            seen = (float[])c.Clone();
            throw new OperationCanceledException();
        }));
        Assert.That(seen, Is.EqualTo(NumericsTestData.FmaChainGram(x, Blas.SyrkBlockRows, n)));
        Assert.That(c, Is.EqualTo(seen), "nothing after the block that threw");
        Blas.SyrkLower(x, 0, rows, n, c, accumulate: false);
        Assert.That(c, Is.EqualTo(NumericsTestData.FmaChainGram(x, rows, n)), "the next call is whole");
    }

    [TestCase((int)SimdLevel.Vector256, 1)]
    [TestCase((int)SimdLevel.Vector256, 2)]
    [TestCase((int)SimdLevel.Vector512, 1)]
    [TestCase((int)SimdLevel.Vector512, 2)]
    public void SyrkLower_DepthInnerOrder_ReportsEachBlockOnce_AndAnExceptionStopsTheUpdate(int level, int threads)
    {
        // All blocks packed first, each work unit over all of them: the reports come as whole blocks' worth of the units,
        // in order, the last once c is complete; c before then holds partial sums, so only the order is checked.
        Blas.Level = (SimdLevel)level;
        CannsParallelism.MaxDegree = threads;
        var random = new Random(28);
        int rows = 1300, n = 700;
        var x = NumericsTestData.Uniform(rows * n, random);
        var c = new float[n * (n + 1) / 2];
        var reports = new List<int>();
        Assert.Throws<OperationCanceledException>(() => Blas.SyrkLower(x, 0, rows, n, c, accumulate: false, done =>
        {
            reports.Add(done);
            throw new OperationCanceledException();
        }));
        Assert.That(reports, Is.EqualTo(new[] { Blas.SyrkBlockRows }), "one report, then the exception");
        reports.Clear();
        Blas.SyrkLower(x, 0, rows, n, c, accumulate: false, reports.Add);
        Assert.That(reports, Is.EqualTo(new[] { 512, 1024, 1300 }));
        Assert.That(c, Is.EqualTo(NumericsTestData.FmaChainGram(x, rows, n)), "the next call is whole");
    }

    // More than one depth block (ragged last ones), widths off the 16/8-column panels, the 28-row tiles and the 336-row
    // units, a first row past 0.
    private static readonly (int FirstRow, int Rows, int N)[] DepthInnerShapes = [(0, 1030, 301), (5, 1537, 131), (0, 600, 433), (2, 513, 1), (0, 1024, 9)];

    [TestCase((int)SimdLevel.Vector256, 1)]
    [TestCase((int)SimdLevel.Vector256, 2)]
    [TestCase((int)SimdLevel.Vector512, 1)]
    [TestCase((int)SimdLevel.Vector512, 2)]
    public void SyrkLower_DepthInnerAndBlockByBlockOrders_EqualScalarFmaChainExactly(int level, int threads) =>
        AssertBothOrdersEqualScalarChains(DepthInnerShapes, level, threads, seed: 29);

    // The 28-row × 1-vector tile (two of 14 rows at 256 bits): widths on and just off multiples of 28 and of the
    // 16/8-column panels (a panel starting inside a row tile, so the tile meets one more panel than its first row does),
    // one and two rows, one column, on and past one block of panels (224/112 columns) and one work unit (336 rows), one
    // and more depth blocks.
    private static readonly (int FirstRow, int Rows, int N)[] TileShapes =
        [(0, 1, 1), (1, 1, 15), (0, 2, 14), (0, 3, 29), (2, 5, 31), (0, 7, 33), (0, 600, 43), (3, 1, 225), (0, 513, 337), (1, 1030, 365), (0, 40, 561),
         (0, 9, 27), (1, 4, 28), (0, 515, 57), (2, 17, 113), (0, 3, 223), (0, 520, 224), (1, 6, 449), (0, 2, 673)];

    [TestCase((int)SimdLevel.Vector256, 1)]
    [TestCase((int)SimdLevel.Vector256, 2)]
    [TestCase((int)SimdLevel.Vector512, 1)]
    [TestCase((int)SimdLevel.Vector512, 2)]
    public void SyrkLower_TileEdges_EqualScalarFmaChainExactly_InBothOrders(int level, int threads) =>
        AssertBothOrdersEqualScalarChains(TileShapes, level, threads, seed: 30);

    /// <summary>
    /// The 256-bit kernels both ways a machine runs them, at the tile-edge shapes in both orders: as with AVX2 alone
    /// (16 registers: a 28-row tile as two 14-row ones) and as with AVX-512VL (32 registers: one tile of 28).
    /// </summary>
    [TestCase(true, 1)]
    [TestCase(true, 2)]
    [TestCase(false, 1)]
    public void SyrkLower_256BitKernels_WithSixteenOrThirtyTwoRegisters_EqualScalarFmaChainExactly(bool sixteen, int threads)
    {
        bool machine = Blas.SyrkSixteenRegisters;
        try
        {
            Blas.SyrkSixteenRegisters = sixteen;
            AssertBothOrdersEqualScalarChains(TileShapes, (int)SimdLevel.Vector256, threads, seed: 31);
        }
        finally
        {
            Blas.SyrkSixteenRegisters = machine;
        }
    }

    /// <summary>Each shape in the depth-inner order and the block-by-block one, accumulating and not, against the scalar chains.</summary>
    private static void AssertBothOrdersEqualScalarChains((int FirstRow, int Rows, int N)[] shapes, int level, int threads, int seed)
    {
        Blas.Level = (SimdLevel)level;
        CannsParallelism.MaxDegree = threads;
        var random = new Random(seed);
        foreach (var (firstRow, rows, n) in shapes)
        {
            var x = NumericsTestData.Uniform((firstRow + rows) * n, random);
            var own = x[(firstRow * n)..];
            var start = NumericsTestData.Uniform(n * (n + 1) / 2, random);
            var expectedAdded = NumericsTestData.FmaChainGram(own, rows, n, start);
            var expected = NumericsTestData.FmaChainGram(own, rows, n);
            // Both orders, and both ways of packing: stores through the caches, and (forced on these small shapes) streaming stores.
            foreach (long limit in new[] { DefaultAllBlocksLimit, 0L })
            {
                foreach (long streaming in new[] { DefaultStreamingFloats, 0L })
                {
                    Blas.SyrkAllBlocksLimit = limit;
                    Blas.SyrkStreamingFloats = streaming;
                    string shape = $"first row {firstRow}, rows {rows}, n {n}, limit {limit}, streaming from {streaming}";
                    var c = (float[])start.Clone();
                    Blas.SyrkLower(x, firstRow, rows, n, c, accumulate: true);
                    Assert.That(c, Is.EqualTo(expectedAdded), shape + ", accumulate");
                    Blas.SyrkLower(x, firstRow, rows, n, c, accumulate: false);
                    Assert.That(c, Is.EqualTo(expected), shape);
                }
            }
        }
    }

    // One and more depth blocks (ragged), widths off the panels and the 512-column packing pieces, a first row past 0.
    private static readonly (int FirstRow, int Rows, int N)[] MomentShapes = [(0, 1, 1), (2, 30, 37), (0, 1030, 530), (3, 513, 1025), (0, 600, 17)];

    /// <summary>
    /// The column moments gathered while packing: per depth block of 512 rows, the sums and sums of squares from 0 in
    /// row order, exactly, at every width, in both orders, with both packings, on 1 and 2 threads; <c>Packed</c> runs
    /// once, after the last block is packed, and the Gram is still right.
    /// </summary>
    [TestCase((int)SimdLevel.Scalar, 2)]
    [TestCase((int)SimdLevel.Vector256, 1)]
    [TestCase((int)SimdLevel.Vector256, 2)]
    [TestCase((int)SimdLevel.Vector512, 1)]
    [TestCase((int)SimdLevel.Vector512, 2)]
    public void SyrkLower_Moments_EqualBlockSumsInRowOrderExactly(int level, int threads)
    {
        Blas.Level = (SimdLevel)level;
        CannsParallelism.MaxDegree = threads;
        var random = new Random(31);
        var moments = new SyrkMoments();
        foreach (var (firstRow, rows, n) in MomentShapes)
        {
            var x = NumericsTestData.Uniform((firstRow + rows) * n, random);
            var expectedGram = NumericsTestData.FmaChainGram(x[(firstRow * n)..], rows, n);
            foreach (long limit in new[] { DefaultAllBlocksLimit, 0L })
            {
                foreach (long streaming in new[] { DefaultStreamingFloats, 0L })
                {
                    Blas.SyrkAllBlocksLimit = limit;
                    Blas.SyrkStreamingFloats = streaming;
                    string shape = $"first row {firstRow}, rows {rows}, n {n}, limit {limit}, streaming from {streaming}";
                    int packedCalls = 0;
                    moments.Packed = () => packedCalls++;
                    var c = new float[n * (n + 1) / 2];
                    Blas.SyrkLower(x, firstRow, rows, n, c, accumulate: false, moments: moments);
                    Assert.That(packedCalls, Is.EqualTo(1), shape);
                    Assert.That(c, Is.EqualTo(expectedGram), shape);
                    Assert.That(moments.Blocks, Is.EqualTo((rows + 511) / 512), shape);
                    for (int block = 0; block < moments.Blocks; block++)
                    {
                        var (sums, squares) = BlockMoments(x, firstRow + block * 512, Math.Min(512, rows - block * 512), n);
                        Assert.That(moments.Sums(block).ToArray(), Is.EqualTo(sums), $"{shape}, block {block} sums");
                        Assert.That(moments.Squares(block).ToArray(), Is.EqualTo(squares), $"{shape}, block {block} squares");
                    }
                }
            }
        }
    }

    /// <summary>An exception from <c>Packed</c> stops the update before anything is multiplied in the depth-inner order: c keeps its values.</summary>
    [Test]
    public void SyrkLower_PackedThrows_InTheDepthInnerOrder_LeavesCUntouched()
    {
        var random = new Random(32);
        int rows = 1100, n = 70;
        var x = NumericsTestData.Uniform(rows * n, random);
        var start = NumericsTestData.Uniform(n * (n + 1) / 2, random);
        var c = (float[])start.Clone();
        var moments = new SyrkMoments { Packed = () => throw new InvalidOperationException("refused") };
        Assert.That(() => Blas.SyrkLower(x, 0, rows, n, c, accumulate: true, moments: moments), Throws.InvalidOperationException);
        Assert.That(c, Is.EqualTo(start));
    }

    private static (double[] Sums, double[] Squares) BlockMoments(float[] x, int first, int count, int n)
    {
        var sums = new double[n];
        var squares = new double[n];
        for (int p = first; p < first + count; p++)
        for (int j = 0; j < n; j++)
        {
            double v = x[p * n + j];
            sums[j] += v;
            squares[j] += v * v;
        }
        return (sums, squares);
    }

    [Test]
    public void SyrkLower_Accumulate_ContinuesFromTheOldValues()
    {
        var random = new Random(22);
        int rows = 300, n = 45;
        var x = NumericsTestData.Uniform(rows * n, random);
        var start = NumericsTestData.Uniform(n * (n + 1) / 2, random);
        var c = (float[])start.Clone();
        Blas.SyrkLower(x, 0, rows, n, c, accumulate: true);
        Assert.That(c, Is.EqualTo(NumericsTestData.FmaChainGram(x, rows, n, start)));
    }

    [Test]
    public void SyrkLower_ConsecutiveBlocks_EqualOneCallExactly()
    {
        var random = new Random(23);
        int rows = 700, n = 37;
        var x = NumericsTestData.Uniform(rows * n, random);
        var once = new float[n * (n + 1) / 2];
        Blas.SyrkLower(x, 0, rows, n, once, accumulate: false);
        var split = new float[once.Length];
        Blas.SyrkLower(x, 0, 123, n, split, accumulate: false);
        Blas.SyrkLower(x, 123, rows - 123, n, split, accumulate: true);
        Assert.That(split, Is.EqualTo(once));
    }

    [Test]
    public void SyrkLower_OneAndTwoThreads_GiveIdenticalResults()
    {
        var random = new Random(24);
        int rows = 520, n = 200;
        var x = NumericsTestData.Uniform(rows * n, random);
        var c1 = new float[n * (n + 1) / 2];
        var c2 = new float[c1.Length];
        CannsParallelism.MaxDegree = 1;
        Blas.SyrkLower(x, 0, rows, n, c1, accumulate: false);
        CannsParallelism.MaxDegree = 2;
        Blas.SyrkLower(x, 0, rows, n, c2, accumulate: false);
        Assert.That(c2, Is.EqualTo(c1));
    }

    [Test]
    public void SyrkLower_NoRowsWithoutAccumulate_ClearsTheTriangle()
    {
        var c = new float[6];
        c.AsSpan().Fill(5f);
        Blas.SyrkLower([], 0, 0, 3, c, accumulate: false);
        Assert.That(c, Is.All.EqualTo(0f));
    }

    [Test]
    public void SyrkLower_ZeroColumns_DoesNothing()
    {
        Assert.DoesNotThrow(() => Blas.SyrkLower([], 0, 4, 0, [], accumulate: false));
    }

    [Test]
    public void SyrkLower_OutputTooShort_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Blas.SyrkLower(new float[6], 0, 2, 3, new float[5], accumulate: false));
        Assert.That(e!.Message, Does.Contain("(5)").And.Contain("(6)"));
    }
}
