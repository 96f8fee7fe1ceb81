// QuickStart: store 0.05·N random ±1 patterns in a 1,024-neuron Amari–Hopfield network with the Hebbian rule,
// then recall them from probes with 10 %, 20 % and 30 % of their bits flipped.
using System.Diagnostics;
using Canns.Cli.Rendering;
using Canns.Models;
using Canns.Trainers;
using Spectre.Console;

const int neurons = 1024;
const int seed = 42;
int patternCount = (int)(0.05 * neurons);
var random = new Random(seed);

var patterns = new Matrix(patternCount, neurons);
foreach (ref float x in patterns.AsSpan()) x = random.Next(2) == 0 ? -1f : 1f;

var network = new AmariHopfieldNetwork(neurons, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous, Seed = seed });
var trainer = new HebbianTrainer(network);
trainer.ConfigureProgress(showProgress: true, useCompile: true);

var clock = Stopwatch.StartNew();
ConsoleProgress.Run("Hebbian storage", progress => { trainer.Progress = progress; trainer.Train(patterns); return 0; });
AnsiConsole.MarkupLine($"Stored [bold]{patternCount}[/] patterns in a [bold]{neurons}[/]-neuron network in {clock.Elapsed.TotalMilliseconds:F1} ms.");

var table = new Table().Title("Recall from noisy probes").AddColumns("bits flipped", "mean overlap", "exact recall", "mean iterations");
foreach (double noise in new[] { 0.10, 0.20, 0.30 })
{
    var probes = patterns.Clone();
    foreach (ref float x in probes.AsSpan())
    {
        if (random.NextDouble() < noise) x = -x;
    }
    var results = ConsoleProgress.Run($"Recall at {noise:P0} noise", progress =>
    {
        trainer.Progress = progress;
        return trainer.PredictBatch(probes);
    });
    double overlapSum = 0, iterationSum = 0;
    int exact = 0;
    for (int p = 0; p < patternCount; p++)
    {
        var target = patterns.Row(p);
        double overlap = 0;
        for (int i = 0; i < neurons; i++) overlap += target[i] * results[p].State[i];
        overlap /= neurons;
        overlapSum += overlap;
        iterationSum += results[p].Iterations;
        if (overlap == 1.0) exact++;
    }
    table.AddRow($"{noise:P0}", $"{overlapSum / patternCount:F4}", $"{(double)exact / patternCount:P1}", $"{iterationSum / patternCount:F1}");
}
AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"Total time {clock.Elapsed.TotalSeconds:F2} s.");
