using Canns.Analysis;
using Canns.Cli.Rendering;
using Canns.Trainers;

namespace Canns.Cli.Tests.Rendering;

public class ProgressAdapterTests
{
    private sealed class Recorder : IProgress<TrainingProgress>
    {
        public List<long> Items { get; } = [];
        public void Report(TrainingProgress value) => Items.Add(value.Item);
    }

    [Test]
    public void Report_CountBehindTheLatestOfItsStage_IsNotPassedOn()
    {
        // Two workers: the one that finished cell 3 reported before the one that finished cell 2.
        var recorder = new Recorder();
        var adapter = ProgressAdapter.From(recorder)!;
        foreach (long done in new long[] { 1, 3, 2, 4 }) adapter.Report(new AnalysisProgress("capacity", done, 4));
        Assert.That(recorder.Items, Is.EqualTo(new long[] { 1, 3, 4 }));
    }

    [Test]
    public void Report_NextStageStartingOver_IsPassedOn()
    {
        var recorder = new Recorder();
        var adapter = ProgressAdapter.From(recorder)!;
        adapter.Report(new AnalysisProgress("trajectories", 1, 1));
        adapter.Report(new AnalysisProgress("states", 1, 1));
        adapter.Report(new AnalysisProgress("basins", 1, 2));
        adapter.Report(new AnalysisProgress("basins", 2, 2));
        Assert.That(recorder.Items, Is.EqualTo(new long[] { 1, 1, 1, 2 }));
    }
}
