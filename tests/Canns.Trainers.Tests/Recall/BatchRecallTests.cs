using Canns.Models;

namespace Canns.Trainers.Tests.Recall;

/// <summary>
/// Batches large enough that the batched field product runs on the parallel, tiled path, with sizes that are not
/// multiples of the tile or vector width, so every edge of the product is compared with single-probe recall.
/// </summary>
public class BatchRecallTests
{
    [TestCase(Activation.Sign, 301, 37)]
    [TestCase(Activation.Sign, 256, 64)]
    [TestCase(Activation.Tanh, 301, 37)]
    public void PredictBatch_LargeSynchronousBatch_EqualsPredictBitForBit(Activation activation, int n, int probes)
    {
        var net = new AmariHopfieldNetwork(n, new AmariHopfieldOptions { Activation = activation, UpdateMode = UpdateMode.Synchronous, Temperature = 0.5f });
        var trainer = new HebbianTrainer(net, recall: new RecallOptions { RecordEnergyTrace = true });
        trainer.ConfigureProgress(showProgress: false, useCompile: true);
        var patterns = TestData.RandomBipolar(n / 10, n, seed: 31);
        trainer.Train(patterns);
        var x = new Matrix(probes, n);
        var flipped = TestData.Flip(patterns, 0.2, seed: 32);
        for (int b = 0; b < probes; b++) flipped.Row(b % flipped.Rows).CopyTo(x.Row(b));
        x[probes - 1, 0] = 0.25f; // one probe that is not ±1

        var batch = trainer.PredictBatch(x);

        for (int b = 0; b < probes; b++)
        {
            var single = trainer.Predict(x.Row(b));
            Assert.That(batch[b].SameOutcomeAs(single), Is.True, $"probe {b}: {batch[b].Iterations}/{batch[b].Energy} vs {single.Iterations}/{single.Energy}");
            Assert.That(batch[b].EnergyTrace, Is.EqualTo(single.EnergyTrace), $"probe {b} energy trace");
        }
    }

    [TestCase(UpdateMode.Synchronous, false)]
    [TestCase(UpdateMode.Synchronous, true)]
    [TestCase(UpdateMode.Asynchronous, false)]
    public void PredictBatch_BeyondTheBatchLimit_RunsInSlices_WithTheSameResults(UpdateMode mode, bool trace)
    {
        // The limit lowered so 23 probes of 97 units run as slices of 5, 5, 5, 5 and 3: every result, and every report,
        // must be what one batch gives.
        const int n = 97, probes = 23;
        var net = new AmariHopfieldNetwork(n, new AmariHopfieldOptions { UpdateMode = mode, Seed = 4 });
        var trainer = new HebbianTrainer(net, recall: new RecallOptions { RecordEnergyTrace = trace, Seed = 9 });
        trainer.ConfigureProgress(showProgress: false);
        var patterns = TestData.RandomBipolar(8, n, seed: 41);
        trainer.Train(patterns);
        var x = new Matrix(probes, n);
        var flipped = TestData.Flip(patterns, 0.25, seed: 42);
        for (int b = 0; b < probes; b++) flipped.Row(b % flipped.Rows).CopyTo(x.Row(b));
        var whole = trainer.PredictBatch(x);

        trainer.MaxBatchElements = 5 * n;
        var reports = new List<long>();
        // Probes report from the worker threads: the list is shared.
        trainer.Progress = new SyncProgress<TrainingProgress>(p => { lock (reports) reports.Add(p.Item); });
        trainer.ConfigureProgress(showProgress: true);
        var sliced = trainer.PredictBatch(x);
        for (int b = 0; b < probes; b++)
        {
            Assert.That(sliced[b].SameOutcomeAs(whole[b]), Is.True, $"probe {b}");
            Assert.That(sliced[b].EnergyTrace, Is.EqualTo(whole[b].EnergyTrace), $"probe {b} energy trace");
        }
        Assert.That(reports.Order(), Is.EqualTo(Enumerable.Range(1, probes).Select(i => (long)i)), "one report per probe, counted over the whole batch");
    }

    [Test]
    public void PredictBatch_RecallOptionsReplacedDuringASlicedBatch_KeepsTheOptionsItStartedWith()
    {
        // A handler (or another thread) replaces the recall options after the first slice: the later slices must still
        // run with the options the batch started with, so every probe gets the result one batch gives.
        const int n = 97, probes = 23;
        var net = new AmariHopfieldNetwork(n, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous });
        var trainer = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = 50 });
        var patterns = TestData.RandomBipolar(8, n, seed: 51);
        trainer.Train(patterns);
        var x = TestData.Flip(TestData.RandomBipolar(probes, n, seed: 52), 0.1, seed: 53);
        var whole = trainer.PredictBatch(x);
        Assert.That(whole.Max(r => r.Iterations), Is.GreaterThan(1), "the probes need more than one step, so MaxIterations = 1 would show");

        trainer.MaxBatchElements = 5 * n;
        trainer.Progress = new SyncProgress<TrainingProgress>(_ => trainer.SetRecallOptions(new RecallOptions { MaxIterations = 1 }));
        trainer.ConfigureProgress(showProgress: true);
        var sliced = trainer.PredictBatch(x);

        for (int b = 0; b < probes; b++) Assert.That(sliced[b].SameOutcomeAs(whole[b]), Is.True, $"probe {b}");
        Assert.That(trainer.Recall.MaxIterations, Is.EqualTo(1), "the handler did replace the options");
    }

    [Test]
    public void PredictBatch_ProgressHandlerThrows_ThrowsItUnwrappedOnBothPaths([Values] bool compiled, [Values] UpdateMode mode, [Values] bool int16)
    {
        // The asynchronous batch runs its probes in parallel: a failing handler must not come out wrapped in an AggregateException.
        const int N = 64;
        var patterns = TestData.RandomBipolar(3, N, seed: 33);
        Trainer<IRecurrentNetwork, RecallResult>? hopfield = null;
        Int16HebbianTrainer? sixteen = null;
        if (int16)
        {
            sixteen = new Int16HebbianTrainer(new Int16HopfieldNetwork(N, new Int16HopfieldOptions { UpdateMode = mode }));
            sixteen.Train(patterns);
        }
        else
        {
            hopfield = new HebbianTrainer(new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = mode }));
            hopfield.Train(patterns);
        }
        Trainer trainer = (Trainer?)sixteen ?? hopfield!;
        trainer.ConfigureProgress(showProgress: true, useCompile: compiled);
        trainer.Progress = new SyncProgress<TrainingProgress>(_ => throw new InvalidOperationException("handler failed"));
        var probes = TestData.Flip(patterns, 0.2, seed: 34);

        Assert.That(() => sixteen is not null ? sixteen.PredictBatch(probes) : hopfield!.PredictBatch(probes),
            Throws.TypeOf<InvalidOperationException>().With.Message.EqualTo("handler failed"));
    }
}
