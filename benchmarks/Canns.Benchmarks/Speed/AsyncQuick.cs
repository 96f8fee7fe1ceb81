using System.Globalization;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// <c>quick async [reps]</c>: where the time of one asynchronous <c>Predict</c> goes, on the workload of
/// <see cref="AsyncSweepSpeedBenchmarks"/> (N = 1,024, 51 patterns, 10 % noise, one sweep): the whole call with and without
/// the final energy, the kernel alone without it, and the two products it can contain (bfloat16 first field, float final
/// one). Each line times 200 calls per run, <c>reps</c> runs after half a second of warm-up, in µs per call.
/// </summary>
internal static class AsyncQuick
{
    public static void Run(string[] args, TextWriter output)
    {
        int reps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        const int Calls = 200;
        var bench = new AsyncSweepSpeedBenchmarks();
        bench.Setup();
        void Line(string name, Action call) => QuickTime.Time(name, reps, () =>
        {
            for (int c = 0; c < Calls; c++) call();
        }, new PerCall(output, Calls), TimeSpan.FromSeconds(0.5));
        Line("Predict, with the final energy", () => bench.Sweep());
        Line("Predict, FinalEnergy = false", () => bench.SweepStatesOnly());
        Line("the kernel alone, without the final product", () => bench.SweepWithoutFinalProduct());
        Line("one float product W s (the final one)", () => bench.Product());
        Line("one bfloat16 product (the first one)", () => bench.ProductBf16());
    }

    /// <summary>Rewrites QuickTime's "ms per run" as µs per call (runs of <c>calls</c> calls).</summary>
    private sealed class PerCall(TextWriter inner, int calls) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void WriteLine(string? value) => inner.WriteLine(value is null ? value : System.Text.RegularExpressions.Regex.Replace(value,
            @"([0-9.]+) ms", m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1000 / calls).ToString("F1", CultureInfo.InvariantCulture) + " µs"));
    }
}
