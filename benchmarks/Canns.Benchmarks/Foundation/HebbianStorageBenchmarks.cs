using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Foundation;

/// <summary>
/// Hebbian storage of P random ±1 patterns in an N-neuron network (issue 2, part 12): the covariance rule with the
/// defaults (centre, zero diagonal, normalise). NumPy with OpenBLAS on 2 threads: 0.28 s at N = P = 4,096 and 0.05 s
/// at N = 4,096, P = 410.
/// </summary>
[ShortRunJob]
public class HebbianStorageBenchmarks
{
    private HebbianTrainer _trainer = null!;
    private Matrix _patterns = null!;

    [Params(1024, 4096)]
    public int N { get; set; }

    /// <summary>P / N: 0.1 (P = 0.1·N, rounded up) or 1 (P = N).</summary>
    [Params(0.1, 1.0)]
    public double Load { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int p = (int)Math.Ceiling(Load * N);
        var random = new Random(1);
        _patterns = new Matrix(p, N);
        foreach (ref float x in _patterns.AsSpan()) x = random.Next(2) == 0 ? -1f : 1f;
        _trainer = new HebbianTrainer(new AmariHopfieldNetwork(N));
        _trainer.ConfigureProgress(showProgress: false);
    }

    [Benchmark]
    public void Store()
    {
        // A fresh accumulation each time: the cost of storing P patterns from scratch.
        _trainer.ResetAccumulation();
        _trainer.Train(_patterns);
    }
}
