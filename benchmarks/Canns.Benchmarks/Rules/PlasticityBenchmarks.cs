using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Rules;

/// <summary>
/// The plasticity toolkit on a recurrent spiking network of 1,000 LIF neurons (10 % connectivity, depressing synapses):
/// one Train call of 5 patterns × 100 steps, with homeostasis and BCM on, against the network stepped alone.
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*PlasticityBenchmarks*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class PlasticityBenchmarks
{
    private const int N = 1000, Patterns = 5, Steps = 100;
    private Matrix _inputs = null!;
    private RecurrentSpikingNetwork _alone = null!;
    private PlasticityTrainer _everyStep = null!, _everyStepStepPath = null!, _periodic = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _inputs = new Matrix(Patterns, N);
        foreach (ref float v in _inputs.AsSpan()) v = random.NextDouble() < 0.2 ? 0.15f : 0.03f;
        _alone = Network();
        _everyStep = Make(PlasticitySchedule.EveryStep, compiled: true);
        _everyStepStepPath = Make(PlasticitySchedule.EveryStep, compiled: false);
        _periodic = Make(PlasticitySchedule.Periodic, compiled: true);
    }

    private static RecurrentSpikingNetwork Network() => new(N, new RecurrentSpikingOptions
    {
        ConnectionProbability = 0.1f, InitialWeightScale = 0.05f, Seed = 7, ShortTermPlasticity = ShortTermPlasticityOptions.Depressing(),
    });

    private static PlasticityTrainer Make(PlasticitySchedule schedule, bool compiled)
    {
        var trainer = new PlasticityTrainer(Network(), new PlasticityOptions
        {
            Schedule = schedule, Interval = 10, StepsPerPattern = Steps, MaxWeight = 0.2f,
            Homeostasis = new HomeostasisOptions { TargetRateHz = 10 }, Metaplasticity = new MetaplasticityOptions(),
        });
        trainer.ConfigureProgress(showProgress: false, useCompile: compiled);
        return trainer;
    }

    [Benchmark(Baseline = true, Description = "network alone, 500 steps")]
    public void NetworkAlone()
    {
        for (int p = 0; p < Patterns; p++) _alone.Run(_inputs.Row(p), Steps);
    }

    [Benchmark(Description = "toolkit, rule every step, vector path")]
    public void EveryStep() => _everyStep.Train(_inputs);

    [Benchmark(Description = "toolkit, rule every step, step path")]
    public void EveryStepStepPath() => _everyStepStepPath.Train(_inputs);

    [Benchmark(Description = "toolkit, rule every 10 steps, vector path")]
    public void Periodic() => _periodic.Train(_inputs);
}
