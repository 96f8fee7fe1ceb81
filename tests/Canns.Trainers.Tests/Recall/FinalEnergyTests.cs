using Canns.Models;

namespace Canns.Trainers.Tests.Recall;

/// <summary>
/// <see cref="RecallOptions.FinalEnergy"/> = false must change nothing but the energy, which becomes NaN: the same states,
/// iteration counts, convergence and energy traces as the default, on every recall path (the step path, the incremental
/// sign kernels with a symmetric W, the fresh-product kernels with an asymmetric W or an energy trace, single probes and
/// lockstep batches, and the 16-bit network).
/// </summary>
public class FinalEnergyTests
{
    private const int N = 96;

    private static IEnumerable<TestCaseData> Paths()
    {
        foreach (var mode in new[] { UpdateMode.Synchronous, UpdateMode.Asynchronous })
        foreach (bool compiled in new[] { true, false })
        foreach (bool symmetric in new[] { true, false })
        foreach (bool trace in new[] { false, true })
        {
            yield return new TestCaseData(mode, compiled, symmetric, trace);
        }
    }

    private static (Matrix Patterns, Matrix Probes) Data(int seed)
    {
        var random = new Random(seed);
        // Load 0.15: some probes converge, some wander until the step limit.
        var patterns = new Matrix(14, N);
        foreach (ref float v in patterns.AsSpan()) v = random.Next(2) == 0 ? -1f : 1f;
        var probes = patterns.Clone();
        foreach (ref float v in probes.AsSpan())
        {
            if (random.NextDouble() < 0.2) v = -v;
        }
        return (patterns, probes);
    }

    [TestCaseSource(nameof(Paths))]
    public void Hopfield_WithoutFinalEnergy_SameOutcomeAndNaNEnergy(UpdateMode mode, bool compiled, bool symmetric, bool trace)
    {
        var (patterns, probes) = Data(seed: 11);
        var network = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = mode, Threshold = 0.01f });
        var trainer = new HebbianTrainer(network);
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        trainer.Train(patterns);
        if (!symmetric)
        {
            // An asymmetric W turns incremental fields off: every step takes a fresh product.
            network.W.AsSpan()[1] += 0.25f;
            network.W.MarkChanged();
        }

        trainer.SetRecallOptions(new RecallOptions { MaxIterations = 12, Seed = 5, RecordEnergyTrace = trace });
        var withEnergy = trainer.PredictBatch(probes);
        var single = trainer.Predict(probes.Row(0));
        trainer.SetRecallOptions(new RecallOptions { MaxIterations = 12, Seed = 5, RecordEnergyTrace = trace, FinalEnergy = false });
        var without = trainer.PredictBatch(probes);
        var singleWithout = trainer.Predict(probes.Row(0));

        Assert.That(withEnergy.Select(r => r.Iterations).Distinct().Count(), Is.GreaterThan(1), "the probes should not all take the same number of steps");
        for (int r = 0; r < probes.Rows; r++) AssertSameButEnergy(withEnergy[r], without[r], $"probe {r}");
        AssertSameButEnergy(single, singleWithout, "single probe");
    }

    [Test]
    public void Int16Hopfield_WithoutFinalEnergy_SameOutcomeAndNaNEnergy([Values] UpdateMode mode, [Values] bool compiled)
    {
        var (patterns, probes) = Data(seed: 12);
        var trainer = new Int16HebbianTrainer(new Int16HopfieldNetwork(N, new Int16HopfieldOptions { UpdateMode = mode }));
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        trainer.Train(patterns);

        trainer.SetRecallOptions(new RecallOptions { MaxIterations = 12, Seed = 5 });
        var withEnergy = trainer.PredictBatch(probes);
        trainer.SetRecallOptions(new RecallOptions { MaxIterations = 12, Seed = 5, FinalEnergy = false });
        var without = trainer.PredictBatch(probes);
        for (int r = 0; r < probes.Rows; r++) AssertSameButEnergy(withEnergy[r], without[r], $"probe {r}");
    }

    private static void AssertSameButEnergy(RecallResult with, RecallResult without, string what)
    {
        Assert.That(double.IsFinite(with.Energy), Is.True, $"{what}: the default result carries a finite energy");
        Assert.That(without.Energy, Is.NaN, $"{what}: energy without FinalEnergy");
        Assert.That(without with { Energy = with.Energy }, Is.EqualTo(with), $"{what}: state, iterations, convergence and trace");
    }
}
