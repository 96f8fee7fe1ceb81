using System.Globalization;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// <c>quick recall [reps]</c>: one capacity-study cell's batched synchronous recall on one thread, the study's costliest
/// part: N = 1,000 Hebbian storage of P = 100 and 300 random ±1 patterns (loads 0.1 and 0.3), each pattern recalled from a
/// probe with 100 bits flipped, at most 20 steps (at load 0.3 nearly every probe runs all 20). Each shape is warmed up
/// for half a second, then timed <c>reps</c> times (median and minimum).
/// </summary>
internal static class RecallQuick
{
    public static void Run(string[] args, TextWriter output)
    {
        int reps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        CannsParallelism.MaxDegree = 1;
        const int N = 1000;
        foreach (int p in new[] { 100, 300 })
        {
            var random = new Random(p);
            var patterns = new Matrix(p, N);
            foreach (ref float v in patterns.AsSpan()) v = random.Next(2) == 0 ? -1f : 1f;
            var probes = patterns.Clone();
            for (int r = 0; r < p; r++)
            {
                var row = probes.Row(r);
                foreach (int i in Enumerable.Range(0, N).OrderBy(_ => random.Next()).Take(N / 10)) row[i] = -row[i];
            }
            var trainer = new HebbianTrainer(new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous }));
            trainer.ConfigureProgress(showProgress: false, useCompile: true);
            trainer.Train(patterns);
            trainer.SetRecallOptions(new RecallOptions { MaxIterations = 20 });
            QuickTime.Time(FormattableString.Invariant($"PredictBatch N = {N}, P = {p}, 10 % noise, 20 steps, one thread"), reps,
                () => trainer.PredictBatch(probes), output, TimeSpan.FromSeconds(0.5));
        }
    }
}
