using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Foundation;

/// <summary>
/// What progress reporting costs (issue 2, part 8: "showProgress: false costs nothing measurable"): the step path of
/// Predict, which reports every iteration with its energy, and a batch on the compiled path, which reports every
/// finished probe, each with reports going to a sink that does nothing and with progress off.
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*ProgressOverhead*'
/// </summary>
[ShortRunJob]
public class ProgressOverheadBenchmarks
{
    private HebbianTrainer _trainer = null!;
    private Matrix _probes = null!;

    [Params(true, false)]
    public bool ShowProgress { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int n = 1024;
        var random = new Random(3);
        var patterns = new Matrix(100, n);
        foreach (ref float x in patterns.AsSpan()) x = random.Next(2) == 0 ? -1f : 1f;
        _trainer = new HebbianTrainer(new AmariHopfieldNetwork(n, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous }));
        _trainer.Train(patterns);
        _trainer.Progress = new NullProgress();
        _probes = patterns.Clone();
        foreach (ref float x in _probes.AsSpan())
        {
            if (random.NextDouble() < 0.1) x = -x;
        }
    }

    [Benchmark]
    public RecallResult PredictStepPath()
    {
        _trainer.ConfigureProgress(ShowProgress, useCompile: false);
        return _trainer.Predict(_probes.Row(0));
    }

    [Benchmark]
    public IReadOnlyList<RecallResult> PredictBatchCompiled()
    {
        _trainer.ConfigureProgress(ShowProgress, useCompile: true);
        return _trainer.PredictBatch(_probes);
    }

    private sealed class NullProgress : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
        }
    }
}
