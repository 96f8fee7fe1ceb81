using System.Diagnostics;
using Canns.Models;
using Canns.Numerics;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// A quick interleaved A/B timer for kernel work (not a substitute for BenchmarkDotNet): the float Gram alone and a
/// whole float Hebbian Train at N = P = 4,096, each warmed up, then timed <c>reps</c> times with
/// <see cref="Blas.Experiment"/> off and on in turn, printing the median and minimum of each.
/// dotnet run -c Release --project benchmarks/Canns.Benchmarks -- quick [reps]
/// </summary>
internal static class QuickTime
{
    public static void Run(string[] args, TextWriter output)
    {
        const int N = 4096, P = 4096;
        int reps = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 9;
        if (Environment.GetEnvironmentVariable("CANNS_THREADS") is { } t) CannsParallelism.MaxDegree = int.Parse(t, System.Globalization.CultureInfo.InvariantCulture);
        var x = SpeedData.Uniform(P, N, seed: 1);
        var gram = new float[N * (N + 1) / 2];
        var trainer = new HebbianTrainer(new AmariHopfieldNetwork(N));
        Time("Syrk 4096x4096", reps, () => Blas.SyrkLower(x.Data, 0, P, N, gram, accumulate: false), output);
        if (Environment.GetEnvironmentVariable("CANNS_QUICK_ONLY") == "syrk") return;
        Time("StoreReal 4096x4096", reps, () => { trainer.ResetAccumulation(); trainer.Train(x); }, output);
    }

    private static void Time(string name, int reps, Action action, TextWriter output)
    {
        for (int v = 0; v < 2; v++)
        {
            Blas.Experiment = v == 1;
            action();
            action();
        }
        var times = new[] { new double[reps], new double[reps] };
        var packs = new long[2];
        for (int r = 0; r < 2 * reps; r++)
        {
            Blas.Experiment = r % 2 == 1;
            long start = Stopwatch.GetTimestamp();
            long pack0 = Blas.TmpPackTicks;
            action();
            packs[r % 2] += Blas.TmpPackTicks - pack0;
            times[r % 2][r / 2] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        for (int v = 0; v < 2; v++)
        {
            Array.Sort(times[v]);
            output.WriteLine($"{name} [{(v == 1 ? "experiment" : "baseline")}]: median {times[v][reps / 2]:F1} ms, min {times[v][0]:F1} ms, pack {Stopwatch.GetElapsedTime(0, packs[v]).TotalMilliseconds / reps:F1} ms");
        }
    }
}
