using System.Diagnostics;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// Issue 6, part 4: store 0.1 N random ±1 patterns, recall a batch of noisy probes and one probe, and report the
/// process's peak resident memory (VmHWM), the times and the recall quality.
/// <c>dotnet run -c Release --project benchmarks/Canns.Benchmarks -- memory [--neurons 32768] [--float] [--probes 32]</c>:
/// by default the 16-bit network (<see cref="Int16HopfieldNetwork"/>); <c>--float</c> the float32 <see cref="AmariHopfieldNetwork"/>.
/// </summary>
public static class MemoryCheck
{
    /// <summary>Runs the check with command-line flags.</summary>
    public static void Run(string[] args, TextWriter output)
    {
        int n = Flag(args, "--neurons", 32_768);
        int probesCount = Flag(args, "--probes", 32);
        bool useFloat = args.Contains("--float");
        int p = n / 10;
        var clock = Stopwatch.StartNew();
        var patterns = SpeedData.Bipolar(p, n, seed: 1);
        var probes = SpeedData.Flip(patterns, probesCount, 0.1, seed: 2);
        output.WriteLine($"N = {n:N0}, P = {p:N0}, {(useFloat ? "float32 W" : "16-bit couplings")}; data made in {clock.Elapsed.TotalSeconds:F1} s");
        var recall = new RecallOptions { MaxIterations = 20 };
        Func<Matrix, IReadOnlyList<RecallResult>> batch;
        Func<ReadOnlySpan<float>, RecallResult> one;
        clock.Restart();
        if (useFloat)
        {
            var trainer = new HebbianTrainer(new AmariHopfieldNetwork(n, new AmariHopfieldOptions { UpdateMode = UpdateMode.Synchronous }), recall: recall);
            trainer.ConfigureProgress(showProgress: false);
            trainer.Train(patterns);
            (batch, one) = (m => trainer.PredictBatch(m), s => trainer.Predict(s));
        }
        else
        {
            var trainer = new Int16HebbianTrainer(new Int16HopfieldNetwork(n, new Int16HopfieldOptions { UpdateMode = UpdateMode.Synchronous }), recall: recall);
            trainer.ConfigureProgress(showProgress: false);
            trainer.Train(patterns);
            (batch, one) = (m => trainer.PredictBatch(m), s => trainer.Predict(s));
        }
        output.WriteLine($"store: {clock.Elapsed.TotalSeconds:F2} s");
        clock.Restart();
        var results = batch(probes);
        double batchSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var single = one(probes.Row(0));
        double singleSeconds = clock.Elapsed.TotalSeconds;
        double worst = 1;
        for (int r = 0; r < results.Count; r++) worst = Math.Min(worst, Overlap(results[r].State, patterns.Row(r)));
        output.WriteLine($"recall: batch of {probesCount} in {batchSeconds:F2} s ({batchSeconds / probesCount * 1e3:F0} ms a probe), one probe {singleSeconds * 1e3:F0} ms; " +
            $"lowest overlap with the stored pattern {worst:F4}; batch row 0 = single: {results[0].SameOutcomeAs(single)}");
        output.WriteLine($"peak resident memory (VmHWM): {PeakResidentBytes() / 1e9:F2} GB; GC heap now {GC.GetTotalMemory(false) / 1e9:F2} GB");
    }

    private static int Flag(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    private static double Overlap(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s / a.Length;
    }

    /// <summary>VmHWM from /proc/self/status (Linux), else the process's peak working set.</summary>
    private static long PeakResidentBytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (string line in File.ReadLines(status))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
