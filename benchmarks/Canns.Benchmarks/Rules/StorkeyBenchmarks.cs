using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Rules;

/// <summary>
/// Storkey storage of P = N/10 ±1 patterns from W = 0: pattern by pattern (a matrix-vector product and a pass over W
/// each) against blocks of 64 (two matrix products a block). Each invocation clears W first (one pass, in both).
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter '*StorkeyBenchmarks*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class StorkeyBenchmarks
{
    private Matrix _patterns = null!;
    private AmariHopfieldNetwork _network = null!;
    private StorkeyTrainer _trainer = null!;
    private float[] _zero = null!;

    /// <summary>Neurons N.</summary>
    [Params(1024, 4096)]
    public int Neurons { get; set; }

    /// <summary>Patterns learned together (1: one at a time).</summary>
    [Params(1, 64)]
    public int BlockSize { get; set; }

    /// <summary>Builds the patterns and the trainer and trains once, so every buffer is touched.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _patterns = new Matrix(Neurons / 10, Neurons);
        foreach (ref float x in _patterns.AsSpan()) x = random.Next(2) == 0 ? -1f : 1f;
        _network = new AmariHopfieldNetwork(Neurons);
        _trainer = new StorkeyTrainer(_network, new StorkeyOptions { BlockSize = BlockSize });
        _trainer.ConfigureProgress(showProgress: false);
        _zero = new float[Neurons * Neurons];
        Store();
    }

    /// <summary>All the patterns into a cleared W.</summary>
    [Benchmark]
    public void Store()
    {
        _network.W.CopyFrom(_zero);
        _trainer.Train(_patterns);
    }
}
