using System.Diagnostics;
using System.Globalization;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// The C# side of <c>benchmarks/storage_paired.py</c>: float Hebbian storage at N = P = 4,096 (the work of
/// <see cref="HebbianStorageSpeedBenchmarks.StoreReal"/>), timed on request so the NumPy peer and this process can take
/// turns within seconds of each other and their ratio is taken round by round, under the same machine load.
/// </summary>
/// <remarks>
/// Protocol on standard input and output, one line each: after warming up it prints <c>ready</c>; then <c>run K</c>
/// times K calls (<c>ResetAccumulation</c> + <c>Train</c>) and prints their milliseconds separated by spaces;
/// <c>quit</c> (or the end of input) stops it. Run it as <c>dotnet Canns.Benchmarks.dll paired-storage</c>.
/// </remarks>
internal static class PairedStorage
{
    public static void Run(TextReader input, TextWriter output)
    {
        const int N = 4096, P = 4096;
        var x = SpeedData.Uniform(P, N, seed: 1);
        var trainer = new HebbianTrainer(new AmariHopfieldNetwork(N));
        trainer.ConfigureProgress(showProgress: false);
        for (int warm = 0; warm < 3; warm++) Store();
        output.WriteLine("ready");
        output.Flush();
        while (input.ReadLine() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["quit"]) break;
            if (words is not ["run", var count] || !int.TryParse(count, CultureInfo.InvariantCulture, out int k) || k < 1)
            {
                output.WriteLine($"error: expected 'run K' or 'quit', got '{line}'");
                output.Flush();
                continue;
            }
            var times = new string[k];
            for (int r = 0; r < k; r++)
            {
                long start = Stopwatch.GetTimestamp();
                Store();
                times[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture);
            }
            output.WriteLine(string.Join(' ', times));
            output.Flush();
        }

        void Store()
        {
            trainer.ResetAccumulation();
            trainer.Train(x);
        }
    }
}
