using Canns.Models;

namespace Canns.Trainers.Tests.Recall;

/// <summary>Sizes large enough to take the parallel matrix-vector product, the packed GEMM and the speculative sweep.</summary>
[NonParallelizable]
public class LargeRecallTests
{
    private const int N = 1100;

    [TearDown]
    public void Restore() => CannsParallelism.MaxDegree = Environment.ProcessorCount;

    private static (HebbianTrainer Trainer, Matrix Probes) Setup(UpdateMode mode)
    {
        var patterns = TestData.RandomBipolar(60, N, seed: 61);
        var net = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = mode });
        var trainer = new HebbianTrainer(net, recall: new RecallOptions { RecordEnergyTrace = true, MaxIterations = 6 });
        trainer.Train(patterns);
        var probes = TestData.Flip(new Matrix(9, N, patterns.Data[..(9 * N)]), 0.3, seed: 62);
        return (trainer, probes);
    }

    [TestCase(UpdateMode.Synchronous)]
    [TestCase(UpdateMode.Asynchronous)]
    public void Predict_LargeNetwork_CompiledEqualsStepPathExactly(UpdateMode mode)
    {
        var (trainer, probes) = Setup(mode);
        for (int p = 0; p < 3; p++)
        {
            trainer.ConfigureProgress(false, useCompile: true);
            var compiled = trainer.Predict(probes.Row(p));
            trainer.ConfigureProgress(false, useCompile: false);
            var step = trainer.Predict(probes.Row(p));
            Assert.That(compiled.SameOutcomeAs(step), Is.True, $"probe {p}");
            Assert.That(compiled.EnergyTrace, Is.EqualTo(step.EnergyTrace), $"probe {p} energy trace");
        }
    }

    [Test]
    public void PredictBatch_LargeNetworkOneAndTwoThreads_EqualsPredictOneByOne()
    {
        var (trainer, probes) = Setup(UpdateMode.Synchronous);
        CannsParallelism.MaxDegree = 1;
        var one = trainer.PredictBatch(probes);
        CannsParallelism.MaxDegree = 2;
        var two = trainer.PredictBatch(probes);
        for (int p = 0; p < probes.Rows; p++)
        {
            var single = trainer.Predict(probes.Row(p));
            Assert.That(one[p].SameOutcomeAs(single), Is.True, $"probe {p}, one thread");
            Assert.That(two[p].SameOutcomeAs(single), Is.True, $"probe {p}, two threads");
        }
    }

    [Test]
    public void PredictBatch_IncrementalFieldsOneAndTwoThreads_EqualsPredictOneByOne()
    {
        // No energy trace: incremental fields. Random probes flip about N/2 units at first (a fresh product), then fewer
        // (the batched sparse updates over the panels of the packed W, 1,100 = 22 full panels and a partial one).
        var patterns = TestData.RandomBipolar(60, N, seed: 63);
        var net = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous });
        var trainer = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = 20 });
        trainer.ConfigureProgress(showProgress: false);
        trainer.Train(patterns);
        var probes = TestData.RandomBipolar(12, N, seed: 64);
        CannsParallelism.MaxDegree = 1;
        var one = trainer.PredictBatch(probes);
        CannsParallelism.MaxDegree = 2;
        var two = trainer.PredictBatch(probes);
        for (int p = 0; p < probes.Rows; p++)
        {
            var single = trainer.Predict(probes.Row(p));
            Assert.That(one[p].SameOutcomeAs(single), Is.True, $"probe {p}, one thread");
            Assert.That(two[p].SameOutcomeAs(single), Is.True, $"probe {p}, two threads");
        }
    }
}
