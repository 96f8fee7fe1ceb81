using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis.Tests.Training;

public class PlasticitySweepTests
{
    private static RecurrentSpikingNetwork Network() => new(40, new RecurrentSpikingOptions { ConnectionProbability = 0.2f, InitialWeightScale = 0.3f, Seed = 9 });

    private static Matrix Patterns()
    {
        var m = new Matrix(2, 40);
        for (int i = 0; i < 40; i++)
        {
            m[0, i] = i < 10 ? 0.3f : 0.02f;
            m[1, i] = i is >= 10 and < 20 ? 0.3f : 0.02f;
        }
        return m;
    }

    private static PlasticityOptions Variant(float rate, float decay) => new() { LearningRate = rate, WeightDecay = decay, StepsPerPattern = 100 };

    [Test]
    public void Run_EachVariantAsTrainedAlone_InOrder()
    {
        PlasticityOptions[] variants = [Variant(0.001f, 0.0001f), Variant(0.01f, 0.001f), Variant(0.1f, 0.01f)];
        var results = PlasticitySweep.Run(Network, variants, Patterns());
        Assert.That(results, Has.Count.EqualTo(3));
        for (int v = 0; v < 3; v++)
        {
            var alone = new PlasticityTrainer(Network(), variants[v]);
            alone.ConfigureProgress(false);
            var before = alone.Snapshot();
            alone.Train(Patterns());
            Assert.That(results[v].Options.LearningRate, Is.EqualTo(variants[v].LearningRate));
            Assert.That((results[v].Before, results[v].After), Is.EqualTo((before, alone.Snapshot())), $"variant {v}");
            Assert.That(results[v].WeightChange, Is.EqualTo(alone.Snapshot().MeanWeight - before.MeanWeight));
            Assert.That(results[v].WeightVariance, Is.EqualTo(alone.Snapshot().WeightStandardDeviation * alone.Snapshot().WeightStandardDeviation));
        }
        Assert.That(results.Select(r => r.WeightChange).Distinct().Count(), Is.EqualTo(3), "the variants differ");
    }

    [Test]
    public void Run_BadInput_ThrowsNamingIt()
    {
        Assert.Throws<ArgumentException>(() => PlasticitySweep.Run(Network, [], Patterns()));
        Assert.Throws<ArgumentException>(() => PlasticitySweep.Run(Network, [Variant(0.01f, 0)], new Matrix(2, 39)));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PlasticitySweep.Run(Network, [Variant(0.01f, 0), Variant(-1f, 0)], Patterns()));
        Assert.That(e!.Message, Does.Contain("Variant 1").And.Contain("LearningRate"));
        var nan = Patterns();
        nan[0, 0] = float.NaN;
        Assert.Throws<ArgumentException>(() => PlasticitySweep.Run(Network, [Variant(0.01f, 0)], nan));
        var shared = Network();
        var e2 = Assert.Throws<ArgumentException>(() => PlasticitySweep.Run(() => shared, [Variant(0.01f, 0), Variant(0.1f, 0)], Patterns()));
        Assert.That(e2!.Message, Does.Contain("same network"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.That(() => PlasticitySweep.Run(Network, [Variant(0.01f, 0)], Patterns(), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
