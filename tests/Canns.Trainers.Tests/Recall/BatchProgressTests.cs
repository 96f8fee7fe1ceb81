using Canns.Models;

namespace Canns.Trainers.Tests.Recall;

/// <summary>
/// Progress of a batch whose probes finish on several threads (asynchronous recall runs probes in parallel): the sink
/// must get one report at a time, the counts in order, and a failing handler's exception once, as itself.
/// </summary>
[NonParallelizable]
[TestFixture]
public class BatchProgressTests
{
    private const int N = 48, Probes = 40;

    [SetUp]
    public void TwoThreads() => CannsParallelism.MaxDegree = 2;

    [TearDown]
    public void Restore() => CannsParallelism.MaxDegree = Environment.ProcessorCount;

    private static HebbianTrainer Hopfield()
    {
        var net = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = UpdateMode.Asynchronous });
        var trainer = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = 10, Seed = 3 });
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(TestData.RandomBipolar(4, N, seed: 1));
        trainer.ConfigureProgress(showProgress: true);
        return trainer;
    }

    private static Int16HebbianTrainer Int16()
    {
        var trainer = new Int16HebbianTrainer(new Int16HopfieldNetwork(N, new Int16HopfieldOptions { UpdateMode = UpdateMode.Asynchronous }),
            recall: new RecallOptions { MaxIterations = 10, Seed = 3 });
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(TestData.RandomBipolar(4, N, seed: 1));
        trainer.ConfigureProgress(showProgress: true);
        return trainer;
    }

    /// <summary>A sink that notes whether two reports ever overlapped, and the counts in the order they came.</summary>
    private sealed class Recorder : IProgress<TrainingProgress>
    {
        private int _inside;
        public int Overlaps;
        public readonly List<long> Items = [];

        public void Report(TrainingProgress value)
        {
            if (Interlocked.Increment(ref _inside) > 1) Interlocked.Increment(ref Overlaps);
            // Long enough for the other thread to finish a probe meanwhile.
            Thread.Sleep(1);
            lock (Items) Items.Add(value.Item);
            Interlocked.Decrement(ref _inside);
        }
    }

    private static void AssertOneAtATimeInOrder(Trainer trainer, Func<Matrix, int> predictBatch)
    {
        var recorder = new Recorder();
        trainer.Progress = recorder;
        int results = predictBatch(TestData.RandomBipolar(Probes, N, seed: 2));
        Assert.Multiple(() =>
        {
            Assert.That(results, Is.EqualTo(Probes));
            Assert.That(recorder.Overlaps, Is.Zero, "reports at once");
            Assert.That(recorder.Items, Is.EqualTo(Enumerable.Range(1, Probes).Select(i => (long)i)));
        });
    }

    [Test]
    public void PredictBatch_HopfieldProbesOnSeveralThreads_ReportsOneAtATimeInOrder()
    {
        var trainer = Hopfield();
        AssertOneAtATimeInOrder(trainer, probes => trainer.PredictBatch(probes).Count);
    }

    [Test]
    public void PredictBatch_Int16ProbesOnSeveralThreads_ReportsOneAtATimeInOrder()
    {
        var trainer = Int16();
        AssertOneAtATimeInOrder(trainer, probes => trainer.PredictBatch(probes).Count);
    }

    private static void AssertThrowsOnce(Trainer trainer, Action<Matrix> predictBatch)
    {
        int calls = 0;
        trainer.Progress = new Canns.Testing.SyncProgress<TrainingProgress>(_ =>
        {
            Interlocked.Increment(ref calls);
            Thread.Sleep(1);
            throw new InvalidOperationException("handler");
        });
        var error = Assert.Throws<InvalidOperationException>(() => predictBatch(TestData.RandomBipolar(Probes, N, seed: 2)));
        Assert.That(error!.Message, Is.EqualTo("handler"));
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public void PredictBatch_HopfieldHandlerThrows_ThrowsItsExceptionOnceAsItself()
    {
        var trainer = Hopfield();
        AssertThrowsOnce(trainer, probes => trainer.PredictBatch(probes));
    }

    [Test]
    public void PredictBatch_Int16HandlerThrows_ThrowsItsExceptionOnceAsItself()
    {
        var trainer = Int16();
        AssertThrowsOnce(trainer, probes => trainer.PredictBatch(probes));
    }
}
