using Canns.Models;

namespace Canns.Trainers.Tests.Concurrency;

/// <summary>
/// Two independent trainings on two threads at once share only process-wide state (the hot team, the kernels' kept
/// packing buffers, the kernel caches): each must give what it gives alone, bit for bit.
/// </summary>
[NonParallelizable]
[TestFixture]
public class ConcurrentTrainingTests
{
    /// <summary>Runs <paramref name="a"/> and <paramref name="b"/> on two threads released together.</summary>
    private static void Together(Action a, Action b)
    {
        using var start = new Barrier(2);
        Exception? error = null;
        var other = new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                b();
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        other.Start();
        start.SignalAndWait();
        a();
        other.Join();
        if (error is not null) throw new AggregateException(error);
    }

    private static float[] Hebbian(Matrix first, Matrix second)
    {
        var net = new AmariHopfieldNetwork(first.Columns);
        var trainer = new HebbianTrainer(net);
        trainer.ConfigureProgress(showProgress: false);
        trainer.Gram.UseIntegerPath = false;
        trainer.Train(first);
        trainer.Train(second);
        return net.W.ToArray();
    }

    [Test]
    public void HebbianTrain_TwoNetworksOnTwoThreads_EqualSequentialBitForBit()
    {
        // Several depth blocks (the packed operands kept between calls are taken by both), and an incremental call.
        var a1 = TestData.RandomReal(1100, 300, seed: 1);
        var a2 = TestData.RandomReal(700, 300, seed: 2);
        var b1 = TestData.RandomReal(900, 260, seed: 3);
        var b2 = TestData.RandomReal(1300, 260, seed: 4);
        var expectedA = Hebbian(a1, a2);
        var expectedB = Hebbian(b1, b2);
        for (int round = 0; round < 20; round++)
        {
            float[]? wa = null, wb = null;
            Together(() => wa = Hebbian(a1, a2), () => wb = Hebbian(b1, b2));
            Assert.That(wa, Is.EqualTo(expectedA), $"network A, round {round}");
            Assert.That(wb, Is.EqualTo(expectedB), $"network B, round {round}");
        }
    }

    [Test]
    public void HebbianTrain_StreamedBlocksOnTwoThreads_EqualSequentialBitForBit()
    {
        // Past SyrkAllBlocksLimit the kernel packs the next block while it multiplies one, in two sets of kept buffers.
        long limit = Canns.Numerics.Blas.SyrkAllBlocksLimit;
        Canns.Numerics.Blas.SyrkAllBlocksLimit = 0;
        try
        {
            var a = TestData.RandomReal(1300, 280, seed: 5);
            var b = TestData.RandomReal(1100, 330, seed: 6);
            var expectedA = Hebbian(a, TestData.RandomReal(600, 280, seed: 7));
            var expectedB = Hebbian(b, TestData.RandomReal(520, 330, seed: 8));
            for (int round = 0; round < 10; round++)
            {
                float[]? wa = null, wb = null;
                Together(() => wa = Hebbian(a, TestData.RandomReal(600, 280, seed: 7)), () => wb = Hebbian(b, TestData.RandomReal(520, 330, seed: 8)));
                Assert.That(wa, Is.EqualTo(expectedA), $"network A, round {round}");
                Assert.That(wb, Is.EqualTo(expectedB), $"network B, round {round}");
            }
        }
        finally
        {
            Canns.Numerics.Blas.SyrkAllBlocksLimit = limit;
        }
    }

    private static float[] Store(Func<AmariHopfieldNetwork, HopfieldTrainer> trainer, Matrix patterns)
    {
        var net = new AmariHopfieldNetwork(patterns.Columns);
        var t = trainer(net);
        t.ConfigureProgress(showProgress: false);
        t.Train(patterns);
        return net.W.ToArray();
    }

    [Test]
    public void StorageRules_TwoNetworksOnTwoThreads_EqualSequentialBitForBit()
    {
        // The integer Gram, Storkey's blocks, the projection rule and a compiled local rule (two rules of the same text
        // share the process-wide kernel cache), each against a Hebbian float Gram on the other thread.
        var bipolar = TestData.RandomBipolar(700, 320, seed: 9);
        var small = TestData.RandomBipolar(40, 200, seed: 10);
        var real = TestData.RandomReal(900, 300, seed: 11);
        var cases = new (string Name, Func<float[]> Run)[]
        {
            ("integer Hebbian", () => Store(n => new HebbianTrainer(n), bipolar)),
            ("Storkey", () => Store(n => new StorkeyTrainer(n), small)),
            ("pseudo-inverse", () => Store(n => new PseudoInverseTrainer(n), small)),
            ("local rule", () => Store(n => new LocalRuleTrainer(n, LocalRule.FromExpression((pre, post, w) => post * pre - 0.01f * w)), small)),
        };
        float[] expectedFloat = Hebbian(real, real);
        foreach (var (name, run) in cases)
        {
            float[] expected = run();
            for (int round = 0; round < 5; round++)
            {
                float[]? w = null, wf = null;
                Together(() => w = run(), () => wf = Hebbian(real, real));
                Assert.That(w, Is.EqualTo(expected), $"{name}, round {round}");
                Assert.That(wf, Is.EqualTo(expectedFloat), $"float Hebbian beside {name}, round {round}");
            }
        }
    }
}
