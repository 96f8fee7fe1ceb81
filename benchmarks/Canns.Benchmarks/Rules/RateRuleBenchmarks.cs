using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Rules;

/// <summary>Oja and BCM per sample (1,000 samples an invocation), compiled versus step path.</summary>
[MemoryDiagnoser]
public class RateRuleBenchmarks
{
    private const int Samples = 1000;
    private Matrix _data = null!;
    private LinearRuleTrainer _trainer = null!;

    [Params("oja", "bcm")]
    public string Rule { get; set; } = "oja";

    [Params(1, 10)]
    public int Outputs { get; set; }

    [Params(256)]
    public int Inputs { get; set; }

    [Params(true, false)]
    public bool Compiled { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _data = new Matrix(Samples, Inputs);
        foreach (ref float x in _data.AsSpan()) x = (float)(random.NextDouble() * 2 - 1) * 0.1f;
        var layer = new LinearLayer(Inputs, Outputs, new LinearLayerOptions { Seed = 2, SlidingThreshold = true });
        _trainer = Rule == "oja"
            ? new OjaTrainer(layer, new OjaOptions { LearningRate = 1e-4f, Shuffle = false })
            : new BcmTrainer(layer, new BcmOptions { LearningRate = 1e-4f, Shuffle = false });
        _trainer.ConfigureProgress(showProgress: false, useCompile: Compiled);
    }

    /// <summary>One sample's update (reported per sample).</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public void TrainPerSample() => _trainer.Train(_data);
}
