using System.Xml.Linq;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis.Tests.Reports;

public class PlasticityChartsTests
{
    [Test]
    public void WeightEvolution_FromAMonitorsSnapshots_IsAnSvgWithEverySeries()
    {
        var net = new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { ConnectionProbability = 0.2f, InitialWeightScale = 0.3f, Seed = 2 });
        var trainer = new PlasticityTrainer(net, new PlasticityOptions { StepsPerPattern = 100, MonitorInterval = 10 });
        var snapshots = new List<PlasticitySnapshot>();
        trainer.Monitor = new SyncProgress<PlasticitySnapshot>(snapshots.Add);
        trainer.ConfigureProgress(false);
        var data = new Matrix(2, 30);
        data.AsSpan().Fill(0.12f);
        trainer.Train(data);
        Assert.That(snapshots, Has.Count.GreaterThan(5));
        string svg = PlasticityCharts.WeightEvolution(snapshots);
        var doc = XDocument.Parse(svg);
        Assert.That(doc.Root!.Name.LocalName, Is.EqualTo("svg"));
        Assert.That(svg, Does.Contain("Weights over training").And.Contain("mean weight").And.Contain("max").And.Contain("min"));
        Assert.Throws<ArgumentException>(() => PlasticityCharts.WeightEvolution([]));
    }

    [Test]
    public void Heatmap_DrawsTheTopLeftBlock_AndRefusesBadMatrices()
    {
        var values = Enumerable.Range(0, 100 * 80).Select(k => (float)Math.Sin(k)).ToArray();
        string svg = PlasticityCharts.Heatmap(values, 100, 80, "W", maxSize: 16);
        Assert.That(XDocument.Parse(svg).Root!.Name.LocalName, Is.EqualTo("svg"));
        Assert.That(svg, Does.Contain("W (top-left 16 × 16)"));
        Assert.That(svg, Does.Contain("<rect"), "the cells");
        Assert.Throws<ArgumentException>(() => PlasticityCharts.Heatmap(values, 100, 79, "W"));
        values[3] = float.NaN;
        Assert.Throws<ArgumentException>(() => PlasticityCharts.Heatmap(values, 100, 80, "W"));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlasticityCharts.Heatmap([1f], 1, 1, "W", maxSize: 0));
    }

    [TestCase(double.NaN, 0.1, 0f, 1f)]
    [TestCase(0.5, double.PositiveInfinity, 0f, 1f)]
    [TestCase(0.5, 0.1, float.NegativeInfinity, 1f)]
    [TestCase(0.5, 0.1, 0f, float.NaN)]
    public void WeightEvolution_SnapshotWithANonFiniteStatistic_ThrowsNamingItsIndexAndStep(double mean, double sd, float min, float max)
    {
        PlasticitySnapshot Snapshot(long step, double m, double s, float lo, float hi) =>
            new()
            {
                Step = step, Epoch = 0, Stage = "train", MeanWeight = m, WeightStandardDeviation = s, MinWeight = lo, MaxWeight = hi,
                FractionAtUpperBound = 0, FractionAtLowerBound = 0, MeanRateHz = 5, Potentiated = 0, Depressed = 0, Applications = 0,
                SkippedApplications = 0, MeanEligibility = 0, MeanGate = 0, ProtectedFraction = 0,
            };
        PlasticitySnapshot[] snapshots = [Snapshot(10, 0.5, 0.1, 0f, 1f), Snapshot(20, mean, sd, min, max)];

        var e = Assert.Throws<ArgumentException>(() => PlasticityCharts.WeightEvolution(snapshots));

        Assert.That(e!.Message, Does.Contain("Snapshot 1 (step 20)").And.Contain("not finite"));
    }
}
