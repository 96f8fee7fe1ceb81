using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Rules;

/// <summary>
/// What selective plasticity around a trainer costs: one <c>Train</c> call on a batch, plain and inside
/// <c>WithSelectivePlasticity</c> (gated after its warm-up), for Oja on a 10 × 256 layer (32 samples a batch) and Hebbian
/// storage on 1,024 neurons (32 patterns a batch).
/// </summary>
[MemoryDiagnoser]
public class SelectiveTrainerBenchmarks
{
    private const int Batch = 32;
    private Matrix _data = null!;
    private Trainer _trainer = null!;

    [Params("oja-10x256", "hebbian-1024")]
    public string Workload { get; set; } = "oja-10x256";

    [Params(false, true)]
    public bool Selective { get; set; }

    /// <summary>With the adaptive threshold (the 75th percentile of the traces, recomputed every step).</summary>
    [Params(false, true)]
    public bool Percentile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var options = new SelectiveTrainerOptions { Selective = new SelectivePlasticityOptions { WarmupApplications = 2, ThresholdPercentile = Percentile ? 75f : null }, SurpriseWeight = 0.3f };
        if (Workload == "oja-10x256")
        {
            _data = new Matrix(Batch, 256);
            foreach (ref float x in _data.AsSpan()) x = (float)(random.NextDouble() * 2 - 1) * 0.1f;
            var oja = new OjaTrainer(new LinearLayer(256, 10, new LinearLayerOptions { Seed = 2 }), new OjaOptions { LearningRate = 1e-3f, Shuffle = false });
            _trainer = Selective ? oja.WithSelectivePlasticity(options) : oja;
        }
        else
        {
            _data = new Matrix(Batch, 1024);
            foreach (ref float x in _data.AsSpan()) x = random.Next(2) == 0 ? -1f : 1f;
            var hebbian = new HebbianTrainer(new AmariHopfieldNetwork(1024));
            _trainer = Selective ? hebbian.WithSelectivePlasticity(options) : hebbian;
        }
        _trainer.ConfigureProgress(showProgress: false);
        for (int k = 0; k < 4; k++) _trainer.Train(_data);
    }

    /// <summary>One batch.</summary>
    [Benchmark]
    public void TrainBatch() => _trainer.Train(_data);
}
