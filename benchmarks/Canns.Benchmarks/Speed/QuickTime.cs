using System.Diagnostics;
using System.Globalization;
using Canns.Models;
using Canns.Numerics;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// A quick timer for kernel work between BenchmarkDotNet runs (not a substitute for them): the float Gram alone and a
/// whole float Hebbian Train at N = P = 4,096 (on the trainer's own W, after a write by someone else, then own W again), each warmed up twice, then timed <c>reps</c> times, printing the median
/// and the minimum. <c>CANNS_THREADS</c> sets <see cref="CannsParallelism.MaxDegree"/>, <c>CANNS_P</c> the number of patterns (default 4,096).
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- quick [reps]; quick rules [reps] times Storkey and pseudo-inverse storage instead.
/// </summary>
internal static class QuickTime
{
    public static void Run(string[] args, TextWriter output)
    {
        if (args is ["rules", ..])
        {
            StorageRules(args[1..], output);
            return;
        }
        const int N = 4096;
        int P = Environment.GetEnvironmentVariable("CANNS_P") is { } rows ? int.Parse(rows, CultureInfo.InvariantCulture) : 4096;
        int reps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9;
        if (Environment.GetEnvironmentVariable("CANNS_THREADS") is { } threads) CannsParallelism.MaxDegree = int.Parse(threads, CultureInfo.InvariantCulture);
        var x = SpeedData.Uniform(P, N, seed: 1);
        var gram = new float[N * (N + 1) / 2];
        var trainer = new HebbianTrainer(new AmariHopfieldNetwork(N));
        Time($"Syrk {N} x {P}", reps, () => Blas.SyrkLower(x.Data, 0, P, N, gram, accumulate: false), output);
        Time($"StoreReal {N} x {P}", reps, () => { trainer.ResetAccumulation(); trainer.Train(x); }, output);
        // After a write by someone else the call scans W once (NaN, ∞, max |W|) before it commits.
        Time($"StoreReal after a write {N} x {P}", reps, () => { trainer.TrainedParameter.MarkChanged(); trainer.ResetAccumulation(); trainer.Train(x); }, output);
        Time($"StoreReal {N} x {P}", reps, () => { trainer.ResetAccumulation(); trainer.Train(x); }, output);
    }

    /// <summary>
    /// <c>quick rules [reps]</c>: Storkey storage of 409 ±1 patterns at N = 4,096 from W = 0, in blocks of 64 and one at
    /// a time, and the pseudo-inverse rule on the same patterns.
    /// </summary>
    private static void StorageRules(string[] args, TextWriter output)
    {
        const int N = 4096, P = 409;
        int reps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var random = new Random(1);
        var x = new Matrix(P, N);
        foreach (ref float v in x.AsSpan()) v = random.Next(2) == 0 ? -1f : 1f;
        var zero = new float[N * N];
        foreach (int block in new[] { 64, 1 })
        {
            var network = new AmariHopfieldNetwork(N);
            var trainer = new StorkeyTrainer(network, new StorkeyOptions { BlockSize = block });
            trainer.ConfigureProgress(showProgress: false);
            Time($"Storkey {N} x {P}, blocks of {block}", block == 1 ? Math.Min(reps, 3) : reps, () => { network.W.CopyFrom(zero); trainer.Train(x); }, output);
        }
        var projected = new AmariHopfieldNetwork(N);
        var pseudoInverse = new PseudoInverseTrainer(projected);
        pseudoInverse.ConfigureProgress(showProgress: false);
        Time($"pseudo-inverse {N} x {P}", reps, () => { pseudoInverse.ResetAccumulation(); pseudoInverse.Train(x); }, output);
    }

    /// <summary>
    /// Runs <paramref name="action"/> twice, and on until <paramref name="warmUp"/> has passed (the tiered JIT recompiles
    /// a method only after 30 calls and 100 ms), then times it <paramref name="reps"/> times and prints the median and
    /// the minimum.
    /// </summary>
    internal static void Time(string name, int reps, Action action, TextWriter output, TimeSpan warmUp = default)
    {
        long warm = Stopwatch.GetTimestamp();
        action();
        action();
        while (Stopwatch.GetElapsedTime(warm) < warmUp) action();
        var times = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        string format = times[0] < 10 ? "F3" : "F1";
        output.WriteLine($"{name}: median {times[reps / 2].ToString(format, CultureInfo.InvariantCulture)} ms, min {times[0].ToString(format, CultureInfo.InvariantCulture)} ms ({reps} runs)");
    }
}
