using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// <c>quick builds [--kernel syrk|bitgram|gemm] [--bits 512|256] [--threads T] [--rounds R] [--n N] [--p P] A/Canns.Models.dll B/Canns.Models.dll …</c>:
/// the float Gram (<c>Blas.SyrkLower</c>, N × P, default 4,096 × 4,096 on both cores) or the ±1 popcount Gram
/// (<c>Blas.BitGramLower</c>, on ±1 patterns packed once by each build's own <c>PackSignColumns</c>) or the packed GEMM of
/// batched recall (<c>Blas.GemmNT</c>: P rows of a against N × N b packed once by <c>PackB</c>; <c>--p 256</c> is the issue's
/// batch) of two or more builds of Canns.Models, each
/// loaded into its own <see cref="AssemblyLoadContext"/> in this one process and timed in turn, round after round (the
/// first build of each round rotating), on the same patterns. On these shared machines the speed of a kernel drifts by
/// a third within minutes; builds timed seconds apart in one process see the same drift, so the ratio per round (each
/// build against the first) is what to read. Prints every round, then each build's median and each ratio's median and
/// range. Build the other version first, e.g. from a worktree: <c>git worktree add /tmp/old HEAD~1</c>, then
/// <c>dotnet build -c Release /tmp/old/src/Canns.Models</c>.
/// </summary>
internal static class BuildsQuick
{
    public static void Run(string[] args, TextWriter output)
    {
        int threads = Environment.ProcessorCount, rounds = 16, n = 4096, p = 4096;
        string kernel = "syrk";
        int width = 512;
        var paths = new List<string>();
        for (int a = 0; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--kernel": kernel = args[++a]; break;
                case "--bits": width = int.Parse(args[++a], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++a], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++a], CultureInfo.InvariantCulture); break;
                case "--n": n = int.Parse(args[++a], CultureInfo.InvariantCulture); break;
                case "--p": p = int.Parse(args[++a], CultureInfo.InvariantCulture); break;
                default: paths.Add(Path.GetFullPath(args[a])); break;
            }
        }
        if (paths.Count < 2) throw new ArgumentException("quick builds needs two or more paths to Canns.Models.dll.");
        if (width is not (256 or 512)) throw new ArgumentException($"--bits {width}: 256 or 512.");
        var x = SpeedData.Uniform(p, n, seed: 1).Data;
        if (kernel == "bitgram")
        {
            for (int e = 0; e < x.Length; e++) x[e] = x[e] < 0 ? -1f : 1f;
        }
        else if (kernel != "syrk" && kernel != "gemm") throw new ArgumentException($"unknown kernel '{kernel}': syrk, bitgram or gemm.");
        var w = kernel == "gemm" ? SpeedData.Uniform(n, n, seed: 2).Data : null;
        var calls = new Action[paths.Count];
        const BindingFlags Any = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        for (int k = 0; k < paths.Count; k++)
        {
            var assembly = new AssemblyLoadContext($"build {k}", isCollectible: false).LoadFromAssemblyPath(paths[k]);
            var parallelism = assembly.GetType("Canns.Models.CannsParallelism", throwOnError: true)!;
            parallelism.GetProperty("MaxDegree", Any)!.SetValue(null, threads);
            var blas = assembly.GetType("Canns.Numerics.Blas", throwOnError: true)!;
            // --bits 256 forces each build's 256-bit kernels (what a machine without AVX-512 runs).
            var level = blas.GetProperty("Level", Any)!;
            level.SetValue(null, Enum.Parse(level.PropertyType, width == 256 ? "Vector256" : "Vector512"));
            var gram = new float[(long)n * (n + 1) / 2];
            if (kernel == "syrk")
            {
                var syrk = blas.GetMethod("SyrkLower", Any) ?? throw new MissingMethodException("Canns.Numerics.Blas", "SyrkLower");
                object?[] arguments = [x, 0, p, n, gram, false, null, null];
                calls[k] = () => syrk.Invoke(null, arguments);
            }
            else if (kernel == "gemm")
            {
                var packB = blas.GetMethod("PackB", Any) ?? throw new MissingMethodException("Canns.Numerics.Blas", "PackB");
                object packed = packB.Invoke(null, [w, n, n, p, -1])!;
                var gemm = blas.GetMethods(Any).Single(m => m.Name == "GemmNT" && m.GetParameters()[2].ParameterType == packed.GetType());
                object?[] arguments = [x, p, packed, new float[(long)p * n], false, -1];
                calls[k] = () => gemm.Invoke(null, arguments);
            }
            else
            {
                int words = (int)blas.GetMethod("SignWords", Any)!.Invoke(null, [p])!;
                var bits = new ulong[(long)(n + 3) / 4 * 4 * words];
                blas.GetMethod("PackSignColumns", Any)!.Invoke(null, [x, 0, p, n, bits, words]);
                var bitGram = blas.GetMethod("BitGramLower", Any) ?? throw new MissingMethodException("Canns.Numerics.Blas", "BitGramLower");
                object?[] arguments = [bits, n, words, p, gram, false];
                calls[k] = () => bitGram.Invoke(null, arguments);
            }
            calls[k]();
            calls[k]();
        }
        double flops = kernel switch { "syrk" => (double)n * (n + 1) / 2 * p * 2, "gemm" => 2.0 * n * n * p, _ => double.NaN };
        var times = new double[paths.Count][];
        for (int k = 0; k < paths.Count; k++) times[k] = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            for (int q = 0; q < paths.Count; q++)
            {
                int k = (r + q) % paths.Count;
                long start = Stopwatch.GetTimestamp();
                calls[k]();
                times[k][r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            var line = FormattableString.Invariant($"round {r,2}:");
            for (int k = 0; k < paths.Count; k++) line += FormattableString.Invariant($" {Name(k)} {times[k][r],7:F1} ms");
            for (int k = 1; k < paths.Count; k++) line += FormattableString.Invariant($"  {Name(k)}/A {times[k][r] / times[0][r]:F3}");
            output.WriteLine(line);
        }
        for (int k = 0; k < paths.Count; k++)
        {
            double median = Median(times[k]);
            string rate = double.IsNaN(flops) ? "" : FormattableString.Invariant($" ({flops / median / 1e6:F0} GFLOP/s)");
            output.WriteLine(FormattableString.Invariant($"{Name(k)} = {paths[k]}: median {median:F1} ms{rate}, min {times[k].Min():F1} ms"));
        }
        for (int k = 1; k < paths.Count; k++)
        {
            var ratios = Enumerable.Range(0, rounds).Select(r => times[k][r] / times[0][r]).ToArray();
            output.WriteLine(FormattableString.Invariant($"{Name(k)}/A per round: median {Median(ratios):F3}, range {ratios.Min():F3}–{ratios.Max():F3} ({kernel}, {width} bits, {threads} threads, N = {n}, P = {p})"));
        }
    }

    private static string Name(int k) => ((char)('A' + k)).ToString();

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
