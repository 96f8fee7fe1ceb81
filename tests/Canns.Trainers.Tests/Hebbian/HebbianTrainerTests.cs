using Canns.Models;

namespace Canns.Trainers.Tests.Hebbian;

public class HebbianTrainerTests
{
    private static void AssertMatches(ParamState w, double[,] expected, double tolerance)
    {
        int n = w.Rows;
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            Assert.That(w.ReadOnlyRow(i)[j], Is.EqualTo(expected[i, j]).Within(tolerance), $"W[{i},{j}]");
        }
    }

    [TestCase(true, true, true)]
    [TestCase(false, true, true)]
    [TestCase(true, false, true)]
    [TestCase(true, true, false)]
    [TestCase(false, false, false)]
    public void Train_RealPatterns_MatchesNaiveTripleLoop(bool center, bool normalize, bool zeroDiagonal)
    {
        var x = TestData.RandomReal(23, 37, seed: 1);
        var net = new AmariHopfieldNetwork(37);
        var trainer = new HebbianTrainer(net, new HebbianOptions
        {
            LearningRate = 0.7f, SubtractMean = center, NormalizeByPatternCount = normalize, ZeroDiagonal = zeroDiagonal,
        });
        trainer.Train(x);
        AssertMatches(net.W, TestData.NaiveHebbian(x, 0.7, center, normalize, zeroDiagonal), normalize ? 1e-5 : 1e-4);
    }

    [Test]
    public void Train_BipolarPatterns_MatchesNaiveTripleLoop()
    {
        var x = TestData.RandomBipolar(50, 130, seed: 2);
        var net = new AmariHopfieldNetwork(130);
        new HebbianTrainer(net).Train(x);
        AssertMatches(net.W, TestData.NaiveHebbian(x), 1e-6);
    }

    [Test]
    public void Train_TwoCalls_EqualsOneCallOnTheUnion()
    {
        var all = TestData.RandomBipolar(40, 64, seed: 3);
        var a = new Matrix(15, 64, all.Data[..(15 * 64)]);
        var b = new Matrix(25, 64, all.Data[(15 * 64)..]);
        var once = new AmariHopfieldNetwork(64);
        new HebbianTrainer(once).Train(all);
        var twice = new AmariHopfieldNetwork(64);
        var trainer = new HebbianTrainer(twice);
        trainer.Train(a);
        trainer.Train(b);
        Assert.That(trainer.PatternCount, Is.EqualTo(40));
        Assert.That(twice.W.ToArray(), Is.EqualTo(once.W.ToArray()), "±1 patterns: exact");
    }

    /// <summary>
    /// The commit pass bit for bit, on sizes with whole and partial 128 × 128 blocks: W starts random, a first call adds
    /// <c>C(G)</c>, a second replaces it, <c>w ← (w − C_before) + C_after</c> with <c>G_after = float(G_before + G_batch)</c>;
    /// C from the exact formula (double, in the documented order), G from fused multiply-add chains.
    /// </summary>
    [TestCase(200, true, true, true, 30)]
    [TestCase(129, true, true, false, 30)]
    [TestCase(257, false, false, true, 30)]
    [TestCase(300, true, false, true, 30)]
    [TestCase(40, true, true, true, 1300)]
    public void Train_TwoCalls_CommitMatchesExactFormulaBitForBit(int n, bool center, bool normalize, bool zeroDiagonal, int firstRows)
    {
        var first = TestData.RandomReal(firstRows, n, seed: 11);
        var second = TestData.RandomReal(17, n, seed: 12);
        var net = new AmariHopfieldNetwork(n);
        var random = new Random(13);
        var w = net.W.Buffer;
        for (int k = 0; k < w.Length; k++) w[k] = (float)(random.NextDouble() - 0.5);
        net.W.MarkChanged();
        var expected = (float[])w.Clone();
        var trainer = new HebbianTrainer(net, new HebbianOptions
        {
            LearningRate = 0.7f, SubtractMean = center, NormalizeByPatternCount = normalize, ZeroDiagonal = zeroDiagonal,
        });
        trainer.Train(first);
        var sums1 = ColumnSums(first, null);
        double total1 = 0;
        for (int j = 0; j < n; j++) total1 += sums1[j];
        var g1 = FmaGram(first, null);
        var c1 = Contributions(g1, sums1, total1, first.Rows, n, 0.7f, center, normalize);
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            expected[i * n + j] = i == j && zeroDiagonal ? 0f : expected[i * n + j] + c1[i, j];
        }
        Assert.That(w, Is.EqualTo(expected), "first call");

        trainer.Train(second);
        var sums2 = ColumnSums(second, sums1);
        double total2 = total1;
        for (int j = 0; j < n; j++) total2 += sums2[j] - sums1[j];
        var g2 = FmaGram(second, g1);
        var c2 = Contributions(g2, sums2, total2, first.Rows + second.Rows, n, 0.7f, center, normalize);
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            expected[i * n + j] = i == j && zeroDiagonal ? 0f : (expected[i * n + j] - c1[i, j]) + c2[i, j];
        }
        Assert.That(w, Is.EqualTo(expected), "second call");
    }

    /// <summary>
    /// The column sums and sums of squares, exactly, in the documented order, on 1 and 2 threads: rows past one block of
    /// 512 (ragged), columns past one piece of 2,048 (ragged), continuing from earlier sums.
    /// </summary>
    [TestCase(1300, 2100, 1)]
    [TestCase(1300, 2100, 2)]
    [TestCase(300, 35, 2)]
    public void Moments_EqualTheDocumentedOrderExactly(int rows, int n, int threads)
    {
        CannsParallelism.MaxDegree = threads;
        try
        {
            var x = TestData.RandomReal(rows, n, seed: 19);
            var random = new Random(20);
            var oldSums = new double[n];
            var oldSquares = new double[n];
            for (int j = 0; j < n; j++)
            {
                oldSums[j] = random.NextDouble() * 10;
                oldSquares[j] = random.NextDouble() * 10;
            }
            var (sums, squares) = new HebbianGram(n).Moments(x, oldSums, oldSquares);
            Assert.That(sums, Is.EqualTo(ColumnSums(x, oldSums)));
            Assert.That(squares, Is.EqualTo(ColumnSums(x, oldSquares, square: true)));
        }
        finally
        {
            CannsParallelism.MaxDegree = Environment.ProcessorCount;
        }
    }

    /// <summary>
    /// The documented order: blocks of 512 rows, each summed from 0 in row order, added to the running sums in block order.
    /// </summary>
    private static double[] ColumnSums(Matrix x, double[]? start, bool square = false)
    {
        var sums = start is null ? new double[x.Columns] : (double[])start.Clone();
        for (int r0 = 0; r0 < x.Rows; r0 += 512)
        {
            var block = new double[x.Columns];
            for (int r = r0; r < Math.Min(x.Rows, r0 + 512); r++)
            for (int j = 0; j < x.Columns; j++)
            {
                double v = x[r, j];
                block[j] += square ? v * v : v;
            }
            for (int j = 0; j < x.Columns; j++) sums[j] += block[j];
        }
        return sums;
    }

    /// <summary>G of this batch as fma chains from 0, added in float to <paramref name="before"/> when given.</summary>
    private static float[,] FmaGram(Matrix x, float[,]? before)
    {
        int n = x.Columns;
        var g = new float[n, n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++)
        {
            float s = 0;
            for (int r = 0; r < x.Rows; r++) s = MathF.FusedMultiplyAdd(x[r, i], x[r, j], s);
            if (before is not null) s = before[i, j] + s;
            g[i, j] = g[j, i] = s;
        }
        return g;
    }

    private static float[,] Contributions(float[,] g, double[] sums, double total, long count, int n, float rate, bool center, bool normalize)
    {
        double rho = total / ((double)count * n);
        double offset = count * rho * rho;
        double scale = normalize ? rate / (double)count : rate;
        var c = new float[n, n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++)
        {
            double v = center ? g[i, j] - rho * (sums[i] + sums[j]) + offset : g[i, j];
            c[i, j] = c[j, i] = (float)(v * scale);
        }
        return c;
    }

    [Test]
    public void Train_TwoCallsRealPatterns_EqualsOneCallWithinRounding()
    {
        var all = TestData.RandomReal(30, 20, seed: 4);
        var once = new AmariHopfieldNetwork(20);
        new HebbianTrainer(once).Train(all);
        var twice = new AmariHopfieldNetwork(20);
        var trainer = new HebbianTrainer(twice);
        trainer.Train(new Matrix(10, 20, all.Data[..200]));
        trainer.Train(new Matrix(20, 20, all.Data[200..]));
        Assert.That(twice.W.ToArray(), Is.EqualTo(once.W.ToArray()).Within(1e-6));
    }

    [Test]
    public void AntiHebbian_AfterHebbianOnSamePatterns_CancelsExactly()
    {
        var x = TestData.RandomReal(12, 30, seed: 5);
        var net = new AmariHopfieldNetwork(30);
        new HebbianTrainer(net).Train(x);
        Assert.That(net.W.ToArray().Any(v => v != 0), Is.True);
        new AntiHebbianTrainer(net).Train(x);
        Assert.That(net.W.ToArray(), Is.All.EqualTo(0f));
    }

    [Test]
    public void AntiHebbian_Alone_IsMinusHebbian()
    {
        var x = TestData.RandomReal(12, 30, seed: 6);
        var net = new AmariHopfieldNetwork(30);
        new AntiHebbianTrainer(net, new HebbianOptions { LearningRate = 0.5f }).Train(x);
        AssertMatches(net.W, TestData.NaiveHebbian(x, 0.5, sign: -1), 1e-5);
    }

    [Test]
    public void Train_KeepsChangesMadeToWBetweenCalls()
    {
        var a = TestData.RandomBipolar(5, 16, seed: 7);
        var b = TestData.RandomBipolar(5, 16, seed: 8);
        var net = new AmariHopfieldNetwork(16);
        var trainer = new HebbianTrainer(net);
        trainer.Train(a);
        net.W.Row(0)[1] += 3f;
        trainer.Train(b);
        var reference = new AmariHopfieldNetwork(16);
        var union = new Matrix(10, 16, [.. a.Data, .. b.Data]);
        new HebbianTrainer(reference).Train(union);
        Assert.That(net.W.ReadOnlyRow(0)[1], Is.EqualTo(reference.W.ReadOnlyRow(0)[1] + 3f).Within(1e-6));
        Assert.That(net.W.ReadOnlyRow(1)[0], Is.EqualTo(reference.W.ReadOnlyRow(1)[0]).Within(1e-6));
    }

    [Test]
    public void Train_ReportsProgress_OnlyWhenShown()
    {
        var x = TestData.RandomBipolar(1200, 16, seed: 9);
        var reports = new List<TrainingProgress>();
        var trainer = new HebbianTrainer(new AmariHopfieldNetwork(16)) { Progress = new SyncProgress(reports) };
        trainer.Train(x);
        Assert.That(reports.Select(r => r.Item), Is.EqualTo(new long[] { 512, 1024, 1200 }));
        Assert.That(reports, Has.All.Property(nameof(TrainingProgress.Phase)).EqualTo(TrainingPhase.Training));
        reports.Clear();
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(x);
        Assert.That(reports, Is.Empty);
    }

    [Test]
    public void Train_RealPatterns_ReportEveryBlock_AndACancelFromAReportLeavesTheModelUnchanged()
    {
        // Real patterns take the float Gram: one call over all rows, a report (then a cancellation check) per 512.
        var first = TestData.RandomReal(300, 40, seed: 10);
        var x = TestData.RandomReal(1200, 40, seed: 11);
        var reports = new List<long>();
        using var cts = new CancellationTokenSource();
        bool cancelAt512 = false;
        var net = new AmariHopfieldNetwork(40);
        var trainer = new HebbianTrainer(net)
        {
            Progress = new ActingProgress(p =>
            {
                reports.Add(p.Item);
                if (cancelAt512 && p.Item == 512) cts.Cancel();
            }),
        };
        trainer.Train(first);
        var before = net.W.ToArray();
        cancelAt512 = true;
        Assert.Throws<OperationCanceledException>(() => trainer.Train(x, cts.Token));
        Assert.That(net.W.ToArray(), Is.EqualTo(before), "a cancelled call changes nothing");
        cancelAt512 = false;
        reports.Clear();
        trainer.Train(x);
        Assert.That(reports, Is.EqualTo(new long[] { 512, 1024, 1200 }));
        var reference = new AmariHopfieldNetwork(40);
        var referenceTrainer = new HebbianTrainer(reference);
        referenceTrainer.Train(first);
        referenceTrainer.Train(x);
        Assert.That(net.W.ToArray(), Is.EqualTo(reference.W.ToArray()), "after the cancelled call, the same W as without it");
    }

    [Test]
    public void Defaults_ArePinned()
    {
        var o = new HebbianOptions();
        Assert.That((o.LearningRate, o.SubtractMean, o.ZeroDiagonal, o.NormalizeByPatternCount, o.WeightParameter),
            Is.EqualTo((1f, true, true, true, (string?)null)));
        var r = new RecallOptions();
        Assert.That((r.MaxIterations, r.Tolerance, r.RecordEnergyTrace, r.Seed), Is.EqualTo((20, 1e-6, false, 0)));
    }
}

/// <summary>An IProgress that acts synchronously.</summary>
internal sealed class ActingProgress(Action<TrainingProgress> act) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => act(value);
}

/// <summary>An IProgress that records synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress(List<TrainingProgress> sink) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        lock (sink) sink.Add(value);
    }
}
