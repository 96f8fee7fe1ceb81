using BenchmarkDotNet.Attributes;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Foundation;

/// <summary>
/// Recall with synchronous sign dynamics (at most 20 steps) from probes with 10 % of the bits of a stored pattern
/// flipped, 0.1·N patterns stored (issue 2, part 12), on the compiled and on the step path.
/// <see cref="Predict"/> takes the next of the 256 probes on every call, so its mean times 256 is the cost of a loop
/// of <c>Predict</c> over the batch that <see cref="PredictBatch"/> recalls at once. NumPy (OpenBLAS, 2 threads) at
/// N = 1,024: 0.73 ms for one probe, 0.16 ms per probe in a batch of 256.
/// </summary>
[ShortRunJob]
public class RecallBenchmarks
{
    private const int Batch = 256;
    private HebbianTrainer _trainer = null!;
    private Matrix _probes = null!;
    private int _next;

    [Params(1024, 4096)]
    public int N { get; set; }

    [Params(true, false)]
    public bool Compiled { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2);
        int p = (int)Math.Ceiling(0.1 * N);
        var patterns = new Matrix(p, N);
        foreach (ref float x in patterns.AsSpan()) x = random.Next(2) == 0 ? -1f : 1f;
        var network = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous });
        _trainer = new HebbianTrainer(network, recall: new RecallOptions { MaxIterations = 20 });
        _trainer.Train(patterns);
        _trainer.ConfigureProgress(showProgress: false, useCompile: Compiled);
        _probes = new Matrix(Batch, N);
        for (int b = 0; b < Batch; b++)
        {
            var row = _probes.Row(b);
            patterns.Row(b % p).CopyTo(row);
            for (int i = 0; i < N; i++)
            {
                if (random.NextDouble() < 0.1) row[i] = -row[i];
            }
        }
    }

    internal HebbianTrainer Trainer => _trainer;

    internal Matrix Probes => _probes;

    [Benchmark]
    public RecallResult Predict()
    {
        var result = _trainer.Predict(_probes.Row(_next));
        _next = (_next + 1) % Batch;
        return result;
    }

    [Benchmark]
    public IReadOnlyList<RecallResult> PredictBatch() => _trainer.PredictBatch(_probes);
}
