using System.Globalization;
using Canns.Models;
using Canns.Numerics;
using Canns.Trainers;

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
        const int N = 1024, Calls = 200;
        var bench = new AsyncSweepSpeedBenchmarks();
        bench.Setup();
        var patterns = SpeedData.Bipolar(51, N, seed: 6);
        var net = new AmariHopfieldNetwork(N, new AmariHopfieldOptions { UpdateMode = UpdateMode.Asynchronous });
        var statesOnly = new HebbianTrainer(net, recall: new RecallOptions { MaxIterations = 1, FinalEnergy = false });
        statesOnly.ConfigureProgress(showProgress: false);
        statesOnly.Train(patterns);
        var probe = SpeedData.Flip(patterns, 1, 0.1, seed: 7).Row(0).ToArray();
        float[] w = net.W.ToArray(), s = new float[N], h = new float[N];
        probe.CopyTo(s, 0);
        var bf16 = new ushort[N * N];
        for (int k = 0; k < w.Length; k++) bf16[k] = (ushort)(BitConverter.SingleToUInt32Bits(w[k]) >> 16);
        void Line(string name, Action call) => QuickTime.Time(name, reps, () =>
        {
            for (int c = 0; c < Calls; c++) call();
        }, new PerCall(output, Calls), TimeSpan.FromSeconds(0.5));
        Line("Predict, with the final energy", () => bench.Sweep());
        Line("Predict, FinalEnergy = false", () => statesOnly.Predict(probe));
        Line("the kernel alone, without the final product", () => bench.SweepWithoutFinalProduct());
        Line("one float product W s (the final one)", () => Blas.Gemv(w, N, s, N, h));
        Line("one bfloat16 product (the first one)", () => Blas.GemvBf16(bf16, N, s, N, h));
    }

    /// <summary>Rewrites QuickTime's "ms per run" as µs per call (runs of <c>calls</c> calls).</summary>
    private sealed class PerCall(TextWriter inner, int calls) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void WriteLine(string? value) => inner.WriteLine(value is null ? value : System.Text.RegularExpressions.Regex.Replace(value,
            @"([0-9.]+) ms", m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1000 / calls).ToString("F1", CultureInfo.InvariantCulture) + " µs"));
    }
}
