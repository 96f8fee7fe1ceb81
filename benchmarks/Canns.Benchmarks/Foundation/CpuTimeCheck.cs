using System.Diagnostics;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Foundation;

/// <summary>
/// A cross-check of the foundation benchmarks for a crowded machine: the same work timed by wall clock and by this
/// process's CPU time, interleaved and repeated, medians reported. CPU time is far less sensitive to other processes
/// competing for the cores than wall time (it still counts work done on both cores of a parallel kernel).
/// Run: <c>dotnet run -c Release --project benchmarks/Canns.Benchmarks -- cpu-time</c>.
/// </summary>
public static class CpuTimeCheck
{
    private const int Batch = 256;
    private const int Rounds = 5;

    public static void Run(TextWriter output)
    {
        output.WriteLine("| work | N | wall (median) | CPU (median) |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (int n in new[] { 1024, 4096 })
        {
            var setup = new RecallBenchmarks { N = n, Compiled = true };
            setup.Setup();
            var (trainer, probes) = (setup.Trainer, setup.Probes);
            int stepProbes = n == 1024 ? Batch : 16;
            var rows = new Dictionary<string, List<(double Wall, double Cpu)>>();
            for (int round = 0; round < Rounds; round++)
            {
                trainer.ConfigureProgress(false, useCompile: true);
                Time(rows, "Predict, compiled (per probe, loop over 256)", Batch, () => { for (int b = 0; b < Batch; b++) trainer.Predict(probes.Row(b)); });
                Time(rows, "PredictBatch, compiled (per probe, B = 256)", Batch, () => trainer.PredictBatch(probes));
                trainer.ConfigureProgress(false, useCompile: false);
                Time(rows, $"Predict, step (per probe, loop over {stepProbes})", stepProbes, () => { for (int b = 0; b < stepProbes; b++) trainer.Predict(probes.Row(b)); });
            }
            foreach (double load in new[] { 0.1, 1.0 })
            {
                var storage = new HebbianStorageBenchmarks { N = n, Load = load };
                storage.Setup();
                for (int round = 0; round < Rounds; round++) Time(rows, $"Hebbian storage, P = {(int)Math.Ceiling(load * n)}", 1, storage.Store);
            }
            foreach (var (name, samples) in rows)
            {
                output.WriteLine($"| {name} | {n} | {Format(Median(samples.Select(s => s.Wall)))} | {Format(Median(samples.Select(s => s.Cpu)))} |");
            }
        }
    }

    private static void Time(Dictionary<string, List<(double, double)>> rows, string name, int perOp, Action work)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        work();
        double wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        if (!rows.TryGetValue(name, out var list)) rows[name] = list = [];
        list.Add((wall / perOp, cpu / perOp));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static string Format(double seconds) =>
        seconds >= 0.1 ? $"{seconds:F2} s" : seconds >= 1e-4 ? $"{seconds * 1e3:F2} ms" : $"{seconds * 1e6:F0} µs";
}
