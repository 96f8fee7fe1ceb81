using Canns.Analysis.Reports;
using Canns.Models;

namespace Canns.Analysis.Tests.Common;

/// <summary>
/// Results with list members compare those lists element by element (double and float by <c>Equals</c>, so NaN equals
/// NaN), and their options by <c>Difference</c>: two separately built equal results are equal, with equal hash codes.
/// </summary>
public class ResultEqualityTests
{
    private static CapacityStudyOptions SmallStudy() => new() { Neurons = [48], Loads = [0.05, 0.1], Trials = 2, Seed = 5 };

    private static EnergyAnalysisOptions SmallAnalysis() => new()
    {
        Neurons = 32, Patterns = 2, Seed = 4, RandomStates = 6, MaxMixtures = 1, Trajectories = 2, BasinTrials = 2, BasinStep = 0.2, CensusStarts = 4, HeatmapSize = 6,
    };

    private static ChunkMetrics Chunk(int chunk, double loss) => new(chunk, loss, loss / 2, 0.1, 5, 1, 0.2, 0.05, 100L * chunk) { Custom = [loss, double.NaN] };

    private static T[] Changed<T>(IReadOnlyList<T> list, int index, T value)
    {
        var copy = list.ToArray();
        copy[index] = value;
        return copy;
    }

    /// <summary>Each case: a builder making a new result (new lists) each call, and a change of one element of one list.</summary>
    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case<T>(string name, Func<T> build, Func<T, T> change) where T : class =>
            new TestCaseData(new Func<object>(build), new Func<object, object>(r => change((T)r))).SetArgDisplayNames(name);

        yield return Case("BasinOfAttraction", () => new BasinOfAttraction(1, 0.2, [0.0, 0.1, 0.2], [1.0, 1.0, double.NaN]),
            r => r with { SuccessRates = Changed(r.SuccessRates, 1, 0.5) });
        yield return Case("AttractorCensus", () => new AttractorCensus([AttractorKind.Stored, AttractorKind.Other], [-3.0, -1.0], 1),
            r => r with { Kinds = Changed(r.Kinds, 1, AttractorKind.Inverted) });
        yield return Case("EnergyTrajectory", () => new EnergyTrajectory(1, 4, [-1.0, -2.0, -3.0], 0.9),
            r => r with { Energies = Changed(r.Energies, 2, -3.5) });
        yield return Case("WeightHeatmap", () => new WeightHeatmap(2, 2, [0.0, 0.5, -0.5, 0.0], 0.5),
            r => r with { Values = Changed(r.Values, 3, 0.25) });
        yield return Case("StateEnergies", () => new StateEnergies([-4.0, -5.0], [-4.0, -5.0], [-2.0], [0.5, -0.25]),
            r => r with { Random = Changed(r.Random, 0, 0.75) });
        yield return Case("Histogram", () => new Histogram(0, 1, [1L, 2L, 3L]),
            r => r with { Counts = Changed(r.Counts, 0, 0L) });
        yield return Case("PatternEnergies", () => new PatternEnergies([-1.0, -2.0], 5),
            r => r with { Energies = Changed(r.Energies, 0, -1.5) });
        yield return Case("ReportFiles", () => new ReportFiles("out", "out/report.html", "out/report.md", "out/report.json", ["out/a.csv", "out/b.csv"]),
            r => r with { Csv = Changed(r.Csv, 1, "out/c.csv") });
        yield return Case("TrainingRunResult", () => new TrainingRunResult([Chunk(1, 0.5), Chunk(2, 0.25)], 2, 0.25, 0, "m.csv", "latest", "best", "report.html"),
            r => r with { Metrics = Changed(r.Metrics, 0, Chunk(1, 0.75)) });
        yield return Case("CapacityStudyPlan", () => CapacityStudy.Plan(SmallStudy()),
            r => r with { Cells = Changed(r.Cells, 0, r.Cells[0] with { Seed = r.Cells[0].Seed + 1 }) });
        yield return Case("CapacityStudyResult", () => CapacityStudy.Run(SmallStudy()),
            r => r with { Trials = Changed(r.Trials, 1, r.Trials[1] with { ExactRecalls = r.Trials[1].ExactRecalls + 1 }) });
        yield return Case("CapacityShard", () => CapacityStudy.RunShard(SmallStudy(), new ShardId(1, 2)),
            r => r with { Results = Changed(r.Results, 0, r.Results[0] with { MinOverlap = r.Results[0].MinOverlap - 0.5 }) });
        yield return Case("EnergyShard", () => EnergyAnalysis.RunShard(SmallAnalysis(), new ShardId(0, 2)),
            r => r with { Basins = Changed(r.Basins, 0, r.Basins[0] with { Successes = r.Basins[0].Successes + 1 }) });
        yield return Case("EnergyAnalysisResult", () => EnergyAnalysis.Run(SmallAnalysis()),
            r => r with { Trajectories = Changed(r.Trajectories, 0, r.Trajectories[0] with { FinalOverlap = -2 }) });
    }

    [TestCaseSource(nameof(Cases))]
    public void Equals_TwoSeparatelyBuiltEqualResults_AreEqualWithEqualHashCodes(Func<object> build, Func<object, object> change)
    {
        object a = build(), b = build();

        Assert.That(a, Is.Not.SameAs(b));
        Assert.That(a.Equals(b), Is.True);
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
    }

    [TestCaseSource(nameof(Cases))]
    public void Equals_OneElementOfOneListDiffers_IsFalse(Func<object> build, Func<object, object> change)
    {
        object a = build(), changed = change(build());

        Assert.That(a.Equals(changed), Is.False);
        Assert.That(changed.Equals(a), Is.False);
    }

    [Test]
    public void Equals_ShardsOfStudiesThatDifferOnlyInParallelism_AreEqual()
    {
        // Options are compared as shard merging compares them: by what the results depend on, not the run's parallelism.
        var parallel = SmallStudy();
        parallel.MaxDegreeOfParallelism = 1;

        Assert.That(CapacityStudy.RunShard(parallel, new ShardId(0, 2)), Is.EqualTo(CapacityStudy.RunShard(SmallStudy(), new ShardId(0, 2))));
    }

    [Test]
    public void Equals_ShardsOfStudiesWithDifferentSeeds_IsFalse()
    {
        var other = SmallStudy();
        other.Seed++;
        var shard = CapacityStudy.RunShard(SmallStudy(), new ShardId(0, 2));

        Assert.That(shard.Equals(CapacityStudy.RunShard(other, new ShardId(0, 2)) with { Results = shard.Results }), Is.False, "equal results, different seeds");
    }
}
