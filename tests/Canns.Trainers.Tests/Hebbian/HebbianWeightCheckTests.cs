using Canns.Models;

namespace Canns.Trainers.Tests.Hebbian;

/// <summary>
/// W itself as bad state: NaN or ±∞ already in W, and entries so close to float32's limit that this call's change
/// overflows, are refused with W, the statistics and the pattern count exactly as they were; W near the limit whose
/// update does not overflow is not refused; the trainer's own W is not scanned again.
/// </summary>
public class HebbianWeightCheckTests
{
    private const int N = 200;

    private static int[] Bits(ParamState w) => w.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>Random ±1 patterns whose column <paramref name="b"/> is <paramref name="sign"/> times column <paramref name="a"/>.</summary>
    private static Matrix Tied(int rows, int a, int b, float sign, int seed)
    {
        var x = TestData.RandomBipolar(rows, N, seed);
        for (int p = 0; p < rows; p++) x[p, b] = sign * x[p, a];
        return x;
    }

    private static HebbianOptions Large => new() { LearningRate = 1e38f, SubtractMean = false };

    [TestCase(float.NaN, true)]
    [TestCase(float.NaN, false)]
    [TestCase(float.PositiveInfinity, true)]
    [TestCase(float.NegativeInfinity, false)]
    public void Train_WNotFiniteBeforeFirstCall_ThrowsNamingTheEntry_AndChangesNothing(float bad, bool integer)
    {
        var net = new AmariHopfieldNetwork(N);
        var w = net.W.AsSpan();
        // A large finite entry too: a scan that skipped NaN would report it as the largest and go on.
        w[7 * N + 2] = 1e30f;
        w[2 * N + 5] = bad;
        w[9 * N + 1] = float.NaN;
        var before = Bits(net.W);
        var reports = new List<TrainingProgress>();
        var trainer = new HebbianTrainer(net) { Progress = new SyncProgress(reports) };
        trainer.Gram.UseIntegerPath = integer;

        var e = Assert.Throws<ArgumentException>(() => trainer.Train(TestData.RandomBipolar(5, N, seed: 1)));

        Assert.That(e!.Message, Does.Contain($"W[2, 5] = {bad} before training"));
        Assert.That(Bits(net.W), Is.EqualTo(before));
        Assert.That(trainer.PatternCount, Is.Zero);
        Assert.That(reports, Is.Empty, "refused before the Gram work");
    }

    [Test]
    public void Train_WWrittenDuringTheGramUnderTheLock_IsSeenAtTheCommit()
    {
        // A report comes between the Gram blocks, outside the model's lock; a write there (taking the lock, as writers
        // should) changes W's version, so the commit scans again and refuses the NaN.
        var net = new AmariHopfieldNetwork(N);
        var trainer = new HebbianTrainer(net);
        trainer.Train(TestData.RandomReal(3, N, seed: 16));
        bool written = false;
        trainer.Progress = new ActingProgress(_ =>
        {
            if (written) return;
            lock (net.SyncRoot) net.W.AsSpan()[N + 2] = float.NaN;
            written = true;
        });
        var before = net.W.ToArray();
        before[N + 2] = float.NaN;

        var e = Assert.Throws<ArgumentException>(() => trainer.Train(TestData.RandomReal(1100, N, seed: 17)));

        Assert.That(written);
        Assert.That(e!.Message, Does.Contain("W[1, 2] = NaN before training"));
        Assert.That(Bits(net.W), Is.EqualTo(before.Select(BitConverter.SingleToInt32Bits).ToArray()));
        Assert.That(trainer.PatternCount, Is.EqualTo(3));
    }

    [Test]
    public void Train_WWrittenWhileTheFirstLookScans_IsSeenAtTheCommit()
    {
        // The first look at W runs before the Gram work, outside the model's lock. A writer that takes the lock and
        // writes W while that scan runs (here: just after it, before its result is kept) changes the version; the
        // commit must not take the scan's result for the new version, but scan again and refuse the NaN.
        var net = new AmariHopfieldNetwork(N);
        var trainer = new HebbianTrainer(net);
        trainer.Train(TestData.RandomReal(3, N, seed: 16));
        lock (net.SyncRoot) net.W.AsSpan()[N + 5] = 0.25f;
        bool written = false;
        trainer.Weights.ScanFinished = () =>
        {
            if (written) return;
            lock (net.SyncRoot) net.W.AsSpan()[N + 2] = float.NaN;
            written = true;
        };
        var before = net.W.ToArray();
        before[N + 2] = float.NaN;

        var e = Assert.Throws<ArgumentException>(() => trainer.Train(TestData.RandomReal(4, N, seed: 17)));

        Assert.That(written);
        Assert.That(e!.Message, Does.Contain("W[1, 2] = NaN before training"));
        Assert.That(Bits(net.W), Is.EqualTo(before.Select(BitConverter.SingleToInt32Bits).ToArray()));
        Assert.That(trainer.PatternCount, Is.EqualTo(3));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_UserWritesNaNBetweenCalls_NextCallThrows_AndChangesNothing(bool integer)
    {
        var net = new AmariHopfieldNetwork(N);
        var trainer = new HebbianTrainer(net);
        trainer.Gram.UseIntegerPath = integer;
        trainer.Train(TestData.RandomReal(6, N, seed: 2));
        net.W.AsSpan()[130 * N + 17] = float.NaN;
        var before = Bits(net.W);

        var e = Assert.Throws<ArgumentException>(() => trainer.Train(TestData.RandomBipolar(4, N, seed: 3)));

        Assert.That(e!.Message, Does.Contain("W[130, 17] = NaN before training"));
        Assert.That(Bits(net.W), Is.EqualTo(before));
        Assert.That(trainer.PatternCount, Is.EqualTo(6));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_WNearFloatMaxAndChangeOverflows_ThrowsNamingTheEntry_AndChangesNothing(bool integer)
    {
        // Columns 3 and 150 agree in every pattern: C[150, 3] = η·P/P = 1e38, and 3e38 + 1e38 is beyond float32.
        var net = new AmariHopfieldNetwork(N);
        net.W.AsSpan()[150 * N + 3] = 3e38f;
        var before = Bits(net.W);
        var trainer = new HebbianTrainer(net, Large);
        trainer.Gram.UseIntegerPath = integer;

        var e = Assert.Throws<ArgumentException>(() => trainer.Train(Tied(4, 3, 150, +1, seed: 4)));

        Assert.That(e!.Message, Does.Contain("W[150, 3] from 3E+38").And.Contain("beyond float32").And.Contain("Nothing changed"));
        Assert.That(Bits(net.W), Is.EqualTo(before));
        Assert.That(trainer.PatternCount, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_SecondCallOverflows_ThrowsAndChangesNothing(bool integer)
    {
        // After one anti-correlated pattern C[150, 3] = −1e38; the user raises W[150, 3] to 2.2e38; with three correlated
        // patterns more C becomes η·2/4 = 0.5e38, so the entry would be (2.2e38 + 1e38) + 0.5e38 = 3.7e38.
        var net = new AmariHopfieldNetwork(N);
        var trainer = new HebbianTrainer(net, Large);
        trainer.Gram.UseIntegerPath = integer;
        trainer.Train(Tied(1, 3, 150, -1, seed: 5));
        Assert.That(net.W.ReadOnlyRow(150)[3], Is.EqualTo(-1e38f));
        net.W.AsSpan()[150 * N + 3] = 2.2e38f;
        var before = Bits(net.W);

        var e = Assert.Throws<ArgumentException>(() => trainer.Train(Tied(3, 3, 150, +1, seed: 6)));

        Assert.That(e!.Message, Does.Contain("W[150, 3] from 2.2E+38").And.Contain("beyond float32"));
        Assert.That(Bits(net.W), Is.EqualTo(before));
        Assert.That(trainer.PatternCount, Is.EqualTo(1));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_WNearFloatMaxButChangeTowardsZero_IsNotRefused_AndAddsExactly(bool integer)
    {
        // The bound (3e38 + 1e38) could overflow, the update itself does not: C[150, 3] = −1e38. The exact check lets it
        // through, and W is the old W plus the contribution a zero W receives, one float addition per entry.
        var x = Tied(4, 3, 150, -1, seed: 7);
        var reference = new AmariHopfieldNetwork(N);
        new HebbianTrainer(reference, Large).Train(x);
        var net = new AmariHopfieldNetwork(N);
        var random = new Random(8);
        var w = net.W.AsSpan();
        for (int k = 0; k < w.Length; k++) w[k] = (float)(random.NextDouble() - 0.5);
        w[150 * N + 3] = 3e38f;
        w[3 * N + 150] = 3e38f;
        var expected = net.W.ToArray();
        var c = reference.W.AsReadOnlySpan();
        for (int k = 0; k < expected.Length; k++) expected[k] = k % (N + 1) == 0 ? 0f : expected[k] + c[k];
        var trainer = new HebbianTrainer(net, Large);
        trainer.Gram.UseIntegerPath = integer;

        trainer.Train(x);

        Assert.That(c[150 * N + 3], Is.EqualTo(-1e38f));
        Assert.That(net.W.ToArray(), Is.EqualTo(expected));
        Assert.That(trainer.PatternCount, Is.EqualTo(4));
    }

    [Test]
    public void Train_ManyCallsWithLargeContributions_NoFalseRefusal_EqualsOneCallOnTheUnion()
    {
        // η = 1e38, one ±1 pattern a call: every C is at most 1e38, but the running bound grows by up to 2e38 a call and
        // passes float32's limit on the third; the exact check then finds the true max (1e38) and training goes on.
        var all = TestData.RandomBipolar(6, 64, seed: 9);
        var once = new AmariHopfieldNetwork(64);
        new HebbianTrainer(once, Large).Train(all);
        var net = new AmariHopfieldNetwork(64);
        var trainer = new HebbianTrainer(net, Large);

        for (int p = 0; p < all.Rows; p++) trainer.Train(new Matrix(1, 64, all.Data[(p * 64)..((p + 1) * 64)]));

        Assert.That(trainer.PatternCount, Is.EqualTo(6));
        Assert.That(net.W.ToArray(), Is.EqualTo(once.W.ToArray()), "±1 patterns: exact");
    }

    [Test]
    public void Train_OwnWeights_ScannedOnlyOnTheFirstCallAndAfterAWriteByOthers()
    {
        var net = new AmariHopfieldNetwork(32);
        var trainer = new HebbianTrainer(net);
        trainer.Train(TestData.RandomBipolar(3, 32, seed: 10));
        trainer.Train(TestData.RandomReal(3, 32, seed: 11));
        trainer.ResetAccumulation();
        trainer.Train(TestData.RandomBipolar(3, 32, seed: 12));
        Assert.That(trainer.Weights.Scans, Is.EqualTo(1), "the trainer's own commits");

        net.W.Row(4)[5] += 1f;
        trainer.Train(TestData.RandomBipolar(3, 32, seed: 13));
        Assert.That(trainer.Weights.Scans, Is.EqualTo(2), "a write by the user");

        new HebbianTrainer(net).Train(TestData.RandomBipolar(3, 32, seed: 14));
        trainer.Train(TestData.RandomBipolar(3, 32, seed: 15));
        Assert.That(trainer.Weights.Scans, Is.EqualTo(3), "a write by another trainer");
    }

    [TestCase(0, -1)]
    [TestCase(31, 30)]
    [TestCase(1 << 20, -1)]
    [TestCase((1 << 20) + 37, 5)]
    [TestCase((1 << 20) + 37, 1 << 20)]
    [TestCase((1 << 20) + 37, (1 << 20) + 36)]
    [TestCase(3 * (1 << 20) + 64, 2 * (1 << 20) + 17)]
    public void MaxMagnitudeBits_IsTheBitsOfMaxAbs_OrAtLeastInfinityWithANaNOrInfinity(int length, int bad)
    {
        // Chunk edges (1 M floats), vector tails, −0, subnormals and negative values; the largest magnitude is negative.
        var random = new Random(length);
        var values = new float[length + 3];
        for (int k = 0; k < length; k++) values[k] = (float)(random.NextDouble() * 2 - 1) * 1e20f;
        if (length > 30)
        {
            values[3] = -0f;
            values[4] = 1e-42f;
            values[length / 2] = -3e30f;
        }
        values[length] = float.NaN;   // past the length: not read
        float expected = 0;
        for (int k = 0; k < length; k++) expected = Math.Max(expected, Math.Abs(values[k]));

        Assert.That(BitConverter.Int32BitsToSingle(WeightBound.MaxMagnitudeBits(values, length)), Is.EqualTo(expected));
        if (bad < 0) return;
        foreach (float v in new[] { float.NaN, -float.NaN, BitConverter.Int32BitsToSingle(unchecked((int)0xFF800001)), float.PositiveInfinity, float.NegativeInfinity })
        {
            values[bad] = v;
            Assert.That(WeightBound.MaxMagnitudeBits(values, length), Is.GreaterThanOrEqualTo(0x7F800000), $"{v} at {bad}");
        }
    }
}
