using System.Globalization;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Benchmarks.Speed;

/// <summary>
/// <c>quick bitgram [reps]</c>: the popcount Gram of ±1 patterns (<see cref="Blas.BitGramLower"/>) alone, at the capacity
/// study's shapes (N = 1,000, P = 100 and 300: one 512-bit word block per column pair) and at issue 6's (N = 4,096,
/// P = 410 and 4,096; and the packing of the 4,096 × 4,096 patterns), each warmed up for half a second, then timed <c>reps</c> times (median and minimum).
/// </summary>
internal static class BitGramQuick
{
    public static void Run(string[] args, TextWriter output)
    {
        int reps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        foreach (var (n, p) in new[] { (1000, 100), (1000, 300), (4096, 410), (4096, 4096) })
        {
            int words = Blas.SignWords(p);
            var bits = new ulong[(long)n * words];
            var random = new Random(1);
            for (int i = 0; i < n; i++)
            for (int k = 0; k < p; k++)
            {
                if (random.Next(2) == 1) bits[i * words + k / Blas.SignRowsPerWord] |= 1ul << Blas.SignBit(k % Blas.SignRowsPerWord);
            }
            if (p == n)
            {
                // The packing of the ±1 patterns into those bits, from the float rows.
                var x = new float[(long)p * n];
                for (long e = 0; e < x.Length; e++) x[e] = random.Next(2) == 0 ? -1f : 1f;
                QuickTime.Time(FormattableString.Invariant($"PackSignColumns N = {n}, P = {p}"), reps, () => Blas.PackSignColumns(x, 0, p, n, bits, words),
                    output, TimeSpan.FromSeconds(0.5));
            }
            var c = new float[(long)n * (n + 1) / 2];
            QuickTime.Time(FormattableString.Invariant($"BitGram N = {n}, P = {p}"), reps, () => Blas.BitGramLower(bits, n, words, p, c, accumulate: false),
                output, TimeSpan.FromSeconds(0.5));
        }
    }
}
