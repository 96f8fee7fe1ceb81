using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Rules;

/// <summary>
/// STDP on 1,000 inputs → 100 LIF outputs, 5 % input spike probability per step, 1,000 steps an invocation, reported
/// per time step. Each invocation starts from the same weights and a reset state, so the output rate does not drift.
/// </summary>
[MemoryDiagnoser]
public class StdpBenchmarks
{
    private const int Steps = 1000;
    private Matrix _raster = null!;
    private SpikingLayer _layer = null!;
    private StdpTrainer _trainer = null!;
    private float[] _initial = null!;

    [Params(true, false)]
    public bool Compiled { get; set; }

    /// <summary>
    /// The LIF threshold: 1 (the CLI default; the outputs run away to firing almost every step), 1.45 (a realistic
    /// regime: a few percent of the outputs fire per step, printed by the setup) or 20 (the outputs never fire).
    /// </summary>
    [Params(1f, 1.45f, 20f)]
    public float Threshold { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _raster = new Matrix(Steps, 1000);
        foreach (ref float s in _raster.AsSpan()) s = random.NextDouble() < 0.05 ? 1f : 0f;
        _layer = new SpikingLayer(1000, 100, new SpikingLayerOptions { Seed = 2, InitialWeightScale = 0.005f, Threshold = Threshold });
        _initial = _layer.W.ToArray();
        _trainer = new StdpTrainer(_layer);
        _trainer.ConfigureProgress(showProgress: false, useCompile: Compiled);
        _trainer.Train(_raster);
        Console.WriteLine($"// threshold {Threshold}: output spike rate: {_trainer.LastPostSpikeCount / (double)(Steps * 100):P2} per neuron per step");
    }

    /// <summary>One time step (reported per step).</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public void TrainPerStep()
    {
        _layer.W.CopyFrom(_initial);
        _trainer.Reset();
        _trainer.Train(_raster);
    }
}
