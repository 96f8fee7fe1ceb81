using Canns.Models;

namespace Canns.Trainers.Tests.HighCapacity;

public class StorkeyTrainerTests
{
    /// <summary>Storkey's definition, in double, one pair at a time: h_ij = Σ_{k≠i,j} W_ik ξ_k.</summary>
    private static double[] Definition(Matrix patterns, int n)
    {
        var w = new double[n * n];
        for (int p = 0; p < patterns.Rows; p++)
        {
            var xi = patterns.Row(p).ToArray();
            var next = (double[])w.Clone();
            for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (i == j) continue;
                double hij = 0, hji = 0;
                for (int k = 0; k < n; k++)
                {
                    if (k != i && k != j) hij += w[i * n + k] * xi[k];
                    if (k != j && k != i) hji += w[j * n + k] * xi[k];
                }
                next[i * n + j] = w[i * n + j] + (xi[i] * xi[j] - xi[i] * hji - hij * xi[j]) / n;
            }
            w = next;
        }
        return w;
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Train_EqualsTheDefinition(bool bipolar)
    {
        const int N = 23;
        var patterns = bipolar ? TestData.RandomBipolar(6, N, seed: 1) : TestData.RandomReal(6, N, seed: 1);
        AssertTrainedEqualsDefinition(patterns, N, new StorkeyOptions());
    }

    /// <summary>Trains a fresh network with <paramref name="options"/> and compares W with <see cref="Definition"/> within 1e-5.</summary>
    private static void AssertTrainedEqualsDefinition(Matrix patterns, int n, StorkeyOptions options)
    {
        var net = new AmariHopfieldNetwork(n);
        new StorkeyTrainer(net, options).Train(patterns);
        var expected = Definition(patterns, n);
        var w = net.W.ToArray();
        for (int k = 0; k < w.Length; k++) Assert.That(w[k], Is.EqualTo(expected[k]).Within(1e-5), $"W[{k / n}, {k % n}]");
    }

    [Test]
    public void Train_TwoCallsPatternByPattern_EqualOneCallOnBothExactly()
    {
        const int N = 40;
        var patterns = TestData.RandomBipolar(10, N, seed: 2);
        var byPattern = new StorkeyOptions { BlockSize = 1 };
        var once = new AmariHopfieldNetwork(N);
        new StorkeyTrainer(once, byPattern).Train(patterns);
        var twice = new AmariHopfieldNetwork(N);
        var trainer = new StorkeyTrainer(twice, byPattern);
        trainer.Train(Matrix.FromRows([.. Enumerable.Range(0, 4).Select(r => patterns.Row(r).ToArray())]));
        trainer.Train(Matrix.FromRows([.. Enumerable.Range(4, 6).Select(r => patterns.Row(r).ToArray())]));
        Assert.That(twice.W.ToArray(), Is.EqualTo(once.W.ToArray()));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(5)]
    [TestCase(64)]
    public void Train_BlocksOfBipolarPatterns_EqualTheDefinition(int blockSize)
    {
        // 11 patterns: blocks of at most 5 go as 4, 4 and 3, of at most 2 as 2 × 5 and 1; N = 37 is off every vector width.
        const int N = 37;
        AssertTrainedEqualsDefinition(TestData.RandomBipolar(11, N, seed: 21), N, new StorkeyOptions { BlockSize = blockSize });
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Train_BlocksOnTinyNetworks_EqualTheDefinition(int n)
    {
        AssertTrainedEqualsDefinition(TestData.RandomBipolar(5, n, seed: 29), n, new StorkeyOptions());
    }

    [Test]
    public void Train_Blocked_AgreesWithPatternByPatternAtScale()
    {
        // N = 300, P = 90 (α = 0.3, near Storkey's capacity): two blocks of 45 against 90 passes over W.
        const int N = 300;
        var patterns = TestData.RandomBipolar(90, N, seed: 22);
        var blocked = new AmariHopfieldNetwork(N);
        new StorkeyTrainer(blocked).Train(patterns);
        var byPattern = new AmariHopfieldNetwork(N);
        new StorkeyTrainer(byPattern, new StorkeyOptions { BlockSize = 1 }).Train(patterns);
        var (a, b) = (blocked.W.ToArray(), byPattern.W.ToArray());
        double largest = b.Max(MathF.Abs), worst = 0;
        for (int k = 0; k < a.Length; k++) worst = Math.Max(worst, Math.Abs(a[k] - b[k]));
        Assert.That(worst, Is.LessThan(1e-5 * largest), $"largest |W| {largest}");
        Assert.That(a, Is.Not.EqualTo(b), "the blocked path must have run (its rounding differs)");
        Assert.That(FixedPoints(blocked, patterns), Is.EqualTo(FixedPoints(byPattern, patterns)));
    }

    [Test]
    public void Train_RealPatterns_LearnedOneAtATimeWhateverTheBlockSize()
    {
        const int N = 30;
        var patterns = TestData.RandomReal(9, N, seed: 23);
        var a = new AmariHopfieldNetwork(N);
        new StorkeyTrainer(a, new StorkeyOptions { BlockSize = 64 }).Train(patterns);
        var b = new AmariHopfieldNetwork(N);
        new StorkeyTrainer(b, new StorkeyOptions { BlockSize = 1 }).Train(patterns);
        Assert.That(a.W.ToArray(), Is.EqualTo(b.W.ToArray()));
    }

    [Test]
    public void Train_TwoCallsInBlocks_EqualOneCallWithinRounding()
    {
        const int N = 40;
        var patterns = TestData.RandomBipolar(10, N, seed: 2);
        var once = new AmariHopfieldNetwork(N);
        new StorkeyTrainer(once).Train(patterns);
        var twice = new AmariHopfieldNetwork(N);
        var trainer = new StorkeyTrainer(twice);
        trainer.Train(Matrix.FromRows([.. Enumerable.Range(0, 4).Select(r => patterns.Row(r).ToArray())]));
        trainer.Train(Matrix.FromRows([.. Enumerable.Range(4, 6).Select(r => patterns.Row(r).ToArray())]));
        Assert.That(twice.W.ToArray(), Is.EqualTo(once.W.ToArray()).Within(1e-6));
    }

    [Test]
    public void Train_CancelledInsideABlock_ChangesNothing()
    {
        const int N = 40;
        var net = new AmariHopfieldNetwork(N);
        var trainer = new StorkeyTrainer(net);
        trainer.Train(TestData.RandomBipolar(5, N, seed: 24));
        var before = net.W.ToArray();
        using var cts = new CancellationTokenSource();
        var reports = new List<long>();
        trainer.Progress = new SyncProgress<TrainingProgress>(p =>
        {
            reports.Add(p.Item);
            if (p.Item == 3) cts.Cancel();
        });
        Assert.Throws<OperationCanceledException>(() => trainer.Train(TestData.RandomBipolar(10, N, seed: 25), cts.Token));
        Assert.That(reports, Is.EqualTo(new long[] { 1, 2, 3 }), "one report per pattern, none after the cancellation");
        Assert.That(net.W.ToArray(), Is.EqualTo(before));
    }

    [TestCase(1)]
    [TestCase(64)]
    public void Train_AfterWIsRewrittenOutside_StartsFromTheNewW(int blockSize)
    {
        // The trainer keeps its working copy between calls; it must still start from W as it is now.
        const int N = 48;
        var options = new StorkeyOptions { BlockSize = blockSize };
        var (first, second) = (TestData.RandomBipolar(6, N, seed: 26), TestData.RandomBipolar(7, N, seed: 27));
        var net = new AmariHopfieldNetwork(N);
        var trainer = new StorkeyTrainer(net, options);
        trainer.Train(first);
        net.W.CopyFrom(new float[N * N]);
        trainer.Train(second);
        var fresh = new AmariHopfieldNetwork(N);
        new StorkeyTrainer(fresh, options).Train(second);
        Assert.That(net.W.ToArray(), Is.EqualTo(fresh.W.ToArray()));
    }

    [Test]
    public void Constructor_BlockSizeBelowOne_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new StorkeyTrainer(new AmariHopfieldNetwork(4), new StorkeyOptions { BlockSize = 0 }));
        Assert.That(ex!.Message, Does.Contain("BlockSize (0)"));
    }

    [Test]
    public void ResetAccumulation_ForgetsNothing_TrainingContinuesFromW()
    {
        // Storkey's state is W itself: after a reset the next patterns are still learned against the W so far.
        const int N = 30;
        var patterns = TestData.RandomBipolar(8, N, seed: 12);
        var byPattern = new StorkeyOptions { BlockSize = 1 };
        var once = new AmariHopfieldNetwork(N);
        new StorkeyTrainer(once, byPattern).Train(patterns);
        var split = new AmariHopfieldNetwork(N);
        var trainer = new StorkeyTrainer(split, byPattern);
        trainer.Train(Matrix.FromRows([.. Enumerable.Range(0, 3).Select(r => patterns.Row(r).ToArray())]));
        trainer.ResetAccumulation();
        trainer.Train(Matrix.FromRows([.. Enumerable.Range(3, 5).Select(r => patterns.Row(r).ToArray())]));
        Assert.That(split.W.ToArray(), Is.EqualTo(once.W.ToArray()));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Train_KeepsWSymmetricWithZeroDiagonal(bool bipolar)
    {
        const int N = 50;
        var net = new AmariHopfieldNetwork(N);
        new StorkeyTrainer(net, new StorkeyOptions { BlockSize = 5 }).Train(bipolar ? TestData.RandomBipolar(12, N, seed: 3) : TestData.RandomReal(12, N, seed: 3));
        var w = net.W.ToArray();
        for (int i = 0; i < N; i++)
        {
            Assert.That(w[i * N + i], Is.Zero);
            for (int j = 0; j < i; j++) Assert.That(w[i * N + j], Is.EqualTo(w[j * N + i]));
        }
    }

    [Test]
    public void Train_AtLoad025_StoresMorePatternsAsFixedPointsThanHebb()
    {
        // N = 200, P = 50: beyond Hebb's 0.14 N, within Storkey's N/√(2 ln N) ≈ 61.
        const int N = 200, P = 50;
        var patterns = TestData.RandomBipolar(P, N, seed: 4);
        var storkey = new AmariHopfieldNetwork(N);
        new StorkeyTrainer(storkey).Train(patterns);
        var hebb = new AmariHopfieldNetwork(N);
        new HebbianTrainer(hebb).Train(patterns);
        int s = FixedPoints(storkey, patterns), h = FixedPoints(hebb, patterns);
        Assert.That(s, Is.GreaterThanOrEqualTo(45), "Storkey");
        Assert.That(h, Is.LessThan(s / 2), "Hebb");
    }

    internal static int FixedPoints(AmariHopfieldNetwork net, Matrix patterns)
    {
        int n = net.Size, count = 0;
        var w = net.W.ToArray();
        for (int p = 0; p < patterns.Rows; p++)
        {
            var xi = patterns.Row(p);
            bool fixedPoint = true;
            for (int i = 0; i < n && fixedPoint; i++)
            {
                double h = 0;
                for (int k = 0; k < n; k++) h += w[i * n + k] * xi[k];
                fixedPoint = h * xi[i] > 0;
            }
            if (fixedPoint) count++;
        }
        return count;
    }

    [Test]
    public void Train_AsymmetricW_ThrowsAndChangesNothing()
    {
        var net = new AmariHopfieldNetwork(3);
        net.W.CopyFrom([0, 1, 2, 1, 0, 3, 2, 3.5f, 0]);
        var before = net.W.ToArray();
        var ex = Assert.Throws<InvalidOperationException>(() => new StorkeyTrainer(net).Train(TestData.RandomBipolar(2, 3, seed: 5)));
        Assert.That(ex!.Message, Does.Contain("symmetric"));
        Assert.That(net.W.ToArray(), Is.EqualTo(before));
    }

    [Test]
    public void Train_BadDataOrCancelled_ChangesNothing()
    {
        const int N = 20;
        var net = new AmariHopfieldNetwork(N);
        var trainer = new StorkeyTrainer(net);
        trainer.Train(TestData.RandomBipolar(3, N, seed: 6));
        var before = net.W.ToArray();
        var nan = TestData.RandomBipolar(2, N, seed: 7);
        nan[1, 4] = float.NaN;
        Assert.Throws<ArgumentException>(() => trainer.Train(nan));
        Assert.Throws<ArgumentException>(() => trainer.Train(new Matrix(2, N + 1)));
        Assert.Throws<OperationCanceledException>(() => trainer.Train(TestData.RandomBipolar(2, N, seed: 8), new CancellationToken(true)));
        var huge = TestData.RandomBipolar(2, N, seed: 9);
        foreach (ref float x in huge.AsSpan()) x *= 1e30f;
        Assert.Throws<NotFiniteNumberException>(() => trainer.Train(huge));
        Assert.That(net.W.ToArray(), Is.EqualTo(before));
    }

    [TestCase(1)]
    [TestCase(64)]
    public void Train_WeightAlreadyNaNOrInfinite_ThrowsNamingItBeforeTraining(int blockSize)
    {
        // Written by something else, symmetric: not the patterns' fault, and not an asymmetry (NaN ≠ NaN).
        const int N = 12;
        var net = new AmariHopfieldNetwork(N);
        var trainer = new StorkeyTrainer(net, new StorkeyOptions { BlockSize = blockSize });
        trainer.Train(TestData.RandomBipolar(2, N, seed: 10));
        var w = net.W.AsSpan();
        w[1 * N + 2] = w[2 * N + 1] = float.NaN;
        w[3 * N + 5] = w[5 * N + 3] = float.PositiveInfinity;
        net.W.MarkChanged();
        var before = net.W.ToArray();

        var e = Assert.Throws<ArgumentException>(() => trainer.Train(TestData.RandomBipolar(3, N, seed: 11)));

        Assert.That(e!.Message, Does.Contain("W[1, 2] = NaN before training"));
        Assert.That(net.W.ToArray(), Is.EqualTo(before));
    }

    [Test]
    public void Predict_RecallsAStoredPatternFromANoisyProbe()
    {
        const int N = 120;
        var patterns = TestData.RandomBipolar(20, N, seed: 10);
        var net = new AmariHopfieldNetwork(N);
        var trainer = new StorkeyTrainer(net);
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(patterns);
        var probe = TestData.Flip(patterns, 0.1, seed: 11).Row(3).ToArray();
        Assert.That(trainer.Predict(probe).State, Is.EqualTo(patterns.Row(3).ToArray()));
    }

    [Test]
    public void Blocks_ScratchBeyondAnArray_ThrowsNamingBlockSize()
    {
        // 2 · 2^20 units · 2^10 patterns = 2^31 floats: more than an array holds (refused before anything is allocated).
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new StorkeyBlocks(1 << 20, 1 << 10));
        Assert.That(e!.Message, Does.Contain("BlockSize"));
    }

    [TestCase("")]
    [TestCase("  ")]
    public void Constructor_BlankWeightParameter_ThrowsNamingTheOption(string name)
    {
        var net = new AmariHopfieldNetwork(4);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new StorkeyTrainer(net, new StorkeyOptions { WeightParameter = name }));

        Assert.That(e!.Message, Does.Contain("WeightParameter"));
    }

    [Test]
    public void Constructor_WeightParameterNotNByN_ThrowsNamingItsShapeAndTheRule()
    {
        // A dense memory's W is K × N = (2, 4).
        var memory = new DenseAssociativeMemory(4, 2);

        var e = Assert.Throws<ArgumentException>(() => new StorkeyTrainer(memory));

        Assert.That(e!.Message, Does.Contain("Parameter 'W' has shape (2, 4)").And.Contain("Storkey storage needs (4, 4)"));
    }
}
