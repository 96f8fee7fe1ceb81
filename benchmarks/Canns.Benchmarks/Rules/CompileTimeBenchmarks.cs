using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Rules;

/// <summary>
/// The compile step: the first compiled-path call in a fresh process, which builds the specialised kernel type
/// (MakeGenericType) and JIT-compiles it, plus one sample or 10 steps of work. Cold start, one call per process.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1)]
public class CompileTimeBenchmarks
{
    private LinearLayer _linear = null!;
    private SpikingLayer _spiking = null!;
    private Matrix _sample = null!;
    private Matrix _raster = null!;

    [GlobalSetup]
    public void Setup()
    {
        _linear = new LinearLayer(256, 10, new LinearLayerOptions { Seed = 1, SlidingThreshold = true });
        _spiking = new SpikingLayer(1000, 100, new SpikingLayerOptions { Seed = 2, InitialWeightScale = 0.005f });
        _sample = new Matrix(1, 256);
        _sample.AsSpan().Fill(0.01f);
        _raster = new Matrix(10, 1000);
        for (int t = 0; t < 10; t++) _raster[t, t * 7] = 1f;
    }

    [Benchmark]
    public void FirstOjaTrain() => new OjaTrainer(_linear).ConfigureProgress(false, true).Train(_sample);

    [Benchmark]
    public void FirstBcmTrain() => new BcmTrainer(_linear).ConfigureProgress(false, true).Train(_sample);

    [Benchmark]
    public void FirstStdpTrain() => new StdpTrainer(_spiking).ConfigureProgress(false, true).Train(_raster);
}
