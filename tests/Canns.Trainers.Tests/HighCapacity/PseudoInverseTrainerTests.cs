using Canns.Models;

namespace Canns.Trainers.Tests.HighCapacity;

public class PseudoInverseTrainerTests
{
    /// <summary>Xᵀ (X Xᵀ)⁻¹ X in double, the inverse by Gauss–Jordan elimination with partial pivoting.</summary>
    private static double[] Projector(Matrix x)
    {
        int p = x.Rows, n = x.Columns;
        var a = new double[p, 2 * p];
        for (int r = 0; r < p; r++)
        {
            for (int c = 0; c < p; c++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += (double)x[r, k] * x[c, k];
                a[r, c] = sum;
            }
            a[r, p + r] = 1;
        }
        for (int col = 0; col < p; col++)
        {
            int pivot = Enumerable.Range(col, p - col).MaxBy(r => Math.Abs(a[r, col]));
            for (int c = 0; c < 2 * p; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            double d = a[col, col];
            for (int c = 0; c < 2 * p; c++) a[col, c] /= d;
            for (int r = 0; r < p; r++)
            {
                if (r == col) continue;
                double f = a[r, col];
                for (int c = 0; c < 2 * p; c++) a[r, c] -= f * a[col, c];
            }
        }
        var w = new double[n * n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int r = 0; r < p; r++)
            for (int c = 0; c < p; c++) sum += x[r, i] * a[r, p + c] * x[c, j];
            w[i * n + j] = sum;
        }
        return w;
    }

    [Test]
    public void Train_KeepDiagonal_IsTheProjectorOntoThePatterns()
    {
        const int N = 37;
        var patterns = TestData.RandomReal(9, N, seed: 1);
        var net = new AmariHopfieldNetwork(N);
        new PseudoInverseTrainer(net, new PseudoInverseOptions { ZeroDiagonal = false }).Train(patterns);
        var w = net.W.ToArray();
        var expected = Projector(patterns);
        for (int k = 0; k < w.Length; k++) Assert.That(w[k], Is.EqualTo(expected[k]).Within(1e-5), $"W[{k / N}, {k % N}]");
        for (int i = 0; i < N; i++)
        for (int j = 0; j < i; j++) Assert.That(w[i * N + j], Is.EqualTo(w[j * N + i]), "exactly symmetric");
        // W ξ = ξ for every stored pattern.
        for (int p = 0; p < patterns.Rows; p++)
        for (int i = 0; i < N; i++)
        {
            double h = 0;
            for (int k = 0; k < N; k++) h += w[i * N + k] * patterns[p, k];
            Assert.That(h, Is.EqualTo(patterns[p, i]).Within(1e-4), $"pattern {p}, unit {i}");
        }
    }

    [Test]
    public void Train_HalfLoadAndCorrelatedPatterns_AllFixedPoints()
    {
        // α = 0.5 with 10 of the 50 patterns each one 10 % away from another: Hebb keeps few, the projection all.
        const int N = 100;
        var patterns = TestData.RandomBipolar(50, N, seed: 2);
        var near = TestData.Flip(patterns, 0.1, seed: 3);
        for (int p = 40; p < 50; p++) near.Row(p - 40).CopyTo(patterns.Row(p));
        var net = new AmariHopfieldNetwork(N);
        new PseudoInverseTrainer(net).Train(patterns);
        Assert.That(StorkeyTrainerTests.FixedPoints(net, patterns), Is.EqualTo(50));
        Assert.That(net.W.ToArray().Where((_, k) => k / N == k % N), Has.All.Zero, "zero diagonal");
        var hebb = new AmariHopfieldNetwork(N);
        new HebbianTrainer(hebb).Train(patterns);
        Assert.That(StorkeyTrainerTests.FixedPoints(hebb, patterns), Is.LessThan(10));
    }

    [Test]
    public void Train_LargeSetOnTheBlockedPath_ProjectsEveryPatternOntoItselfAndIsTheSameOnOneAndTwoThreads()
    {
        // P² N = 4.5 M: the Gram blocks and the solve's column slices run in parallel. With the diagonal kept, W is the
        // projector onto the patterns' span: W ξ = ξ for every stored pattern (checked in double, independently).
        const int N = 700, P = 80;
        var patterns = TestData.RandomBipolar(P, N, seed: 28);
        var options = new PseudoInverseOptions { ZeroDiagonal = false };
        float[] Train(int threads)
        {
            CannsParallelism.MaxDegree = threads;
            try
            {
                var net = new AmariHopfieldNetwork(N);
                new PseudoInverseTrainer(net, options).Train(patterns);
                return net.W.ToArray();
            }
            finally
            {
                CannsParallelism.MaxDegree = Environment.ProcessorCount;
            }
        }
        var w = Train(2);
        Assert.That(Train(1), Is.EqualTo(w));
        double worst = 0;
        for (int p = 0; p < P; p++)
        {
            for (int i = 0; i < N; i++)
            {
                double projected = 0;
                for (int j = 0; j < N; j++) projected += (double)w[i * N + j] * patterns[p, j];
                worst = Math.Max(worst, Math.Abs(projected - patterns[p, i]));
            }
        }
        Assert.That(worst, Is.LessThan(1e-4));
    }

    [Test]
    public void Train_TwoCalls_EqualOneCallOnBoth()
    {
        const int N = 30;
        var patterns = TestData.RandomBipolar(12, N, seed: 4);
        var once = new AmariHopfieldNetwork(N);
        new PseudoInverseTrainer(once).Train(patterns);
        var twice = new AmariHopfieldNetwork(N);
        var trainer = new PseudoInverseTrainer(twice);
        trainer.Train(Matrix.FromRows([.. Enumerable.Range(0, 5).Select(r => patterns.Row(r).ToArray())]));
        trainer.Train(Matrix.FromRows([.. Enumerable.Range(5, 7).Select(r => patterns.Row(r).ToArray())]));
        Assert.That(trainer.PatternCount, Is.EqualTo(12));
        Assert.That(twice.W.ToArray(), Is.EqualTo(once.W.ToArray()));
        trainer.ResetAccumulation();
        Assert.That(trainer.PatternCount, Is.Zero);
    }

    [Test]
    public void Train_DependentPattern_ThrowsNamingItAndChangesNothing()
    {
        const int N = 16;
        var net = new AmariHopfieldNetwork(N);
        var trainer = new PseudoInverseTrainer(net);
        var first = TestData.RandomReal(3, N, seed: 5);
        trainer.Train(first);
        var before = net.W.ToArray();
        // Pattern 1 of the new set (the 5th overall, index 4) is the sum of two stored ones.
        var rows = new[] { TestData.RandomReal(1, N, seed: 6).Row(0).ToArray(), first.Row(0).ToArray().Zip(first.Row(2).ToArray(), (a, b) => a + b).ToArray() };
        var ex = Assert.Throws<ArgumentException>(() => trainer.Train(Matrix.FromRows(rows)));
        Assert.That(ex!.Message, Does.Contain("Pattern 4 lies in the span"));
        Assert.That(net.W.ToArray(), Is.EqualTo(before));
        Assert.That(trainer.PatternCount, Is.EqualTo(3));
    }

    [Test]
    public void Train_MorePatternsThanNeurons_Throws()
    {
        var net = new AmariHopfieldNetwork(5);
        var ex = Assert.Throws<ArgumentException>(() => new PseudoInverseTrainer(net).Train(TestData.RandomBipolar(6, 5, seed: 7)));
        Assert.That(ex!.Message, Does.Contain("6 patterns exceed the 5 neurons"));
        Assert.That(net.W.ToArray(), Has.All.Zero);
    }

    [Test]
    public void Train_BadDataOrCancelled_ChangesNothing()
    {
        const int N = 20;
        var net = new AmariHopfieldNetwork(N);
        var trainer = new PseudoInverseTrainer(net);
        trainer.Train(TestData.RandomBipolar(3, N, seed: 8));
        var before = net.W.ToArray();
        var nan = TestData.RandomBipolar(2, N, seed: 9);
        nan[0, 1] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => trainer.Train(nan));
        Assert.Throws<OperationCanceledException>(() => trainer.Train(TestData.RandomBipolar(2, N, seed: 10), new CancellationToken(true)));
        Assert.That(net.W.ToArray(), Is.EqualTo(before));
        Assert.That(trainer.PatternCount, Is.EqualTo(3));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_ProgressHandlerThrows_ChangesNothing(bool compiled)
    {
        const int N = 20;
        var net = new AmariHopfieldNetwork(N);
        var trainer = new PseudoInverseTrainer(net);
        trainer.ConfigureProgress(showProgress: true, useCompile: compiled);
        trainer.Train(TestData.RandomBipolar(3, N, seed: 8));
        var before = net.W.ToArray();
        trainer.Progress = new SyncProgress<TrainingProgress>(_ => throw new InvalidOperationException("handler failed"));

        Assert.That(() => trainer.Train(TestData.RandomBipolar(2, N, seed: 10)), Throws.InvalidOperationException.With.Message.EqualTo("handler failed"));

        Assert.That(net.W.ToArray(), Is.EqualTo(before));
        Assert.That(trainer.PatternCount, Is.EqualTo(3));
    }

    [Test]
    public void Options_OutOfRange_Throw()
    {
        var net = new AmariHopfieldNetwork(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PseudoInverseTrainer(net, new PseudoInverseOptions { DependenceTolerance = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PseudoInverseTrainer(net, new PseudoInverseOptions { DependenceTolerance = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PseudoInverseTrainer(net, new PseudoInverseOptions { WeightParameter = " " }));
    }
}
