using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis.Tests.Training;

public class PlasticityStatisticsTests
{
    [Test]
    public void CoactivationCorrelation_HandWorked()
    {
        // Four synapses, the third absent: counts 1, 2, (9), 4 against changes 0.1, 0.2, (−5), 0.4: perfectly correlated.
        float[] mask = [1, 1, 0, 1], counts = [1, 2, 9, 4], before = [0, 0, 0, 0], after = [0.1f, 0.2f, -5f, 0.4f];
        Assert.That(PlasticityStatistics.CoactivationCorrelation(counts, before, after, mask), Is.EqualTo(1).Within(1e-7));
        float[] reversed = [0.4f, 0.2f, 0f, 0.1f];
        // x = 1, 2, 4; y = 0.4, 0.2, 0.1: r = Σdxdy / √(Σdx²Σdy²) with means 7/3 and 0.7/3.
        double[] x = [1, 2, 4], y = [0.4, 0.2, 0.1];
        double mx = x.Average(), my = y.Average();
        double r = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
        Assert.That(PlasticityStatistics.CoactivationCorrelation(counts, before, reversed, mask), Is.EqualTo(r).Within(1e-6));
        Assert.That(PlasticityStatistics.CoactivationCorrelation([3, 3, 3, 3], before, after, mask), Is.Null, "no spread in the counts");
        Assert.Throws<ArgumentException>(() => PlasticityStatistics.CoactivationCorrelation(counts, before, after, [1, 1, 1]));
        Assert.Throws<ArgumentException>(() => PlasticityStatistics.CoactivationCorrelation(counts, before, [float.NaN, 0, 0, 0], mask));
    }

    [Test]
    public void CoactivationCorrelation_OfAHebbianNetwork_IsStronglyPositive()
    {
        // Two assemblies driven in turn, and only they fire (threshold 10, input 20 or 0, recurrent drive at most
        // 60 · 0.5 · 0.3 < 10): the synapses inside them fire together and grow, the rest depress or decay.
        var net = new RecurrentSpikingNetwork(60, new RecurrentSpikingOptions
        {
            ConnectionProbability = 0.3f, InitialWeightScale = 0.2f, Seed = 3, Leak = 0, Threshold = 10, RefractorySteps = 0,
        });
        var trainer = new PlasticityTrainer(net, new PlasticityOptions { LearningRate = 0.05f, MaxWeight = 0.5f, StepsPerPattern = 100, TrackCoactivations = true, Epochs = 3 });
        trainer.ConfigureProgress(false);
        var patterns = new Matrix(2, 60);
        for (int i = 0; i < 20; i++) (patterns[0, i], patterns[1, 20 + i]) = (20f, 20f);
        float[] before = net.W.ToArray();
        trainer.Train(patterns);
        double? r = PlasticityStatistics.CoactivationCorrelation(trainer.Coactivations, before, net.W.AsReadOnlySpan(), net.Mask);
        Assert.That(r, Is.GreaterThan(0.5));
    }
}
