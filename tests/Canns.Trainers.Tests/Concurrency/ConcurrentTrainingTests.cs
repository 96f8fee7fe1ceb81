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

    /// <summary>
    /// Trains <paramref name="batches"/> one after another while another thread, holding the network's
    /// <see cref="IRecurrentNetwork.SyncRoot"/> as the model's docs ask, copies W: each copy must be W before or after some
    /// call, never one half-written.
    /// </summary>
    private static void AssertWritesUnderTheLock(Func<AmariHopfieldNetwork, HopfieldTrainer> create, Matrix[] batches,
        SelectiveTrainerOptions? selective = null)
    {
        int n = batches[0].Columns;
        Trainer Create(AmariHopfieldNetwork network) => selective is null ? create(network) : create(network).WithSelectivePlasticity(selective);
        var reference = new AmariHopfieldNetwork(n);
        var referenceTrainer = Create(reference);
        referenceTrainer.ConfigureProgress(showProgress: false);
        var states = new List<float[]> { reference.W.ToArray() };
        foreach (var batch in batches)
        {
            referenceTrainer.Train(batch);
            states.Add(reference.W.ToArray());
        }
        var net = new AmariHopfieldNetwork(n);
        var trainer = Create(net);
        trainer.ConfigureProgress(showProgress: false);
        var copies = new List<float[]>();
        bool done = false;
        var observer = new Thread(() =>
        {
            while (!Volatile.Read(ref done))
            {
                lock (net.SyncRoot) copies.Add(net.W.ToArray());
                Thread.Yield();
            }
        });
        observer.Start();
        try
        {
            foreach (var batch in batches) trainer.Train(batch);
        }
        finally
        {
            Volatile.Write(ref done, true);
            observer.Join();
        }
        int torn = copies.Count(c => !states.Any(s => s.AsSpan().SequenceEqual(c)));
        Assert.That(torn, Is.Zero, $"half-written copies of W among {copies.Count}");
    }

    [Test]
    public void HebbianTrain_WhileAnotherThreadReadsWUnderSyncRoot_WritesWUnderTheLock()
    {
        var batches = Enumerable.Range(0, 30).Select(k => TestData.RandomReal(40, 400, seed: 30 + k)).ToArray();
        AssertWritesUnderTheLock(net => new HebbianTrainer(net), batches);
    }

    [Test]
    public void StorkeyTrain_WhileAnotherThreadReadsWUnderSyncRoot_WritesWUnderTheLock()
    {
        var batches = Enumerable.Range(0, 12).Select(k => TestData.RandomBipolar(4, 400, seed: 50 + k)).ToArray();
        AssertWritesUnderTheLock(net => new StorkeyTrainer(net), batches);
    }

    [Test]
    public void PseudoInverseTrain_WhileAnotherThreadReadsWUnderSyncRoot_WritesWUnderTheLock()
    {
        var batches = Enumerable.Range(0, 12).Select(k => TestData.RandomBipolar(3, 400, seed: 70 + k)).ToArray();
        AssertWritesUnderTheLock(net => new PseudoInverseTrainer(net), batches);
    }

    [Test]
    public void SelectiveTrain_WhileAnotherThreadReadsWUnderSyncRoot_GatesUnderTheLock()
    {
        // The wrapped trainer writes W (under the lock), then the gate rewrites it: a reader must not see the ungated W.
        var options = new SelectiveTrainerOptions { Selective = new SelectivePlasticityOptions { WarmupApplications = 0, Protection = 5f } };
        var batches = Enumerable.Range(0, 30).Select(k => TestData.RandomReal(40, 400, seed: 90 + k)).ToArray();
        AssertWritesUnderTheLock(net => new HebbianTrainer(net), batches, options);
    }
}
