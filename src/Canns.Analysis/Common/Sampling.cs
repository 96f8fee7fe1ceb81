using System.Runtime.Intrinsics;
using Canns.Models;

namespace Canns.Analysis;

/// <summary>Random ±1 patterns and exact-count bit flips, drawn from <see cref="SplitMix64"/>.</summary>
internal static class Sampling
{
    /// <summary>A (rows × columns) matrix of independent, equiprobable ±1 entries.</summary>
    public static Matrix RandomBipolar(int rows, int columns, ref SplitMix64 random)
    {
        var m = new Matrix(rows, columns);
        FillBipolar(m.AsSpan(), ref random);
        return m;
    }

    /// <summary>Overwrites <paramref name="data"/> with independent, equiprobable ±1 entries: entry i is bit i mod 64 of draw ⌊i/64⌋ (1 → +1).</summary>
    public static void FillBipolar(Span<float> data, ref SplitMix64 random)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // Bit b of each 64-bit draw makes entry b: 16 entries at a time, lane l testing bit l of its 16-bit chunk.
            var lanes = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
            var plus = Vector512.Create(1f);
            var minus = Vector512.Create(-1f);
            for (; i + 64 <= data.Length; i += 64)
            {
                ulong bits = random.Next();
                for (int c = 0; c < 4; c++)
                {
                    var set = Vector512.Equals(Vector512.Create((int)(bits >> (16 * c)) & 0xFFFF) & lanes, Vector512<int>.Zero);
                    Vector512.ConditionalSelect(set.AsSingle(), minus, plus).CopyTo(data.Slice(i + 16 * c, 16));
                }
            }
        }
        while (i < data.Length)
        {
            ulong bits = random.Next();
            for (int b = 0; b < 64 && i < data.Length; b++, i++) data[i] = ((bits >> b) & 1) == 0 ? -1f : 1f;
        }
    }

    /// <summary>Flips exactly <paramref name="count"/> distinct entries of <paramref name="state"/>, chosen uniformly (partial Fisher–Yates).</summary>
    public static void FlipExactly(Span<float> state, int count, ref SplitMix64 random, Span<int> scratch)
    {
        int n = state.Length;
        for (int i = 0; i < n; i++) scratch[i] = i;
        for (int k = 0; k < count; k++)
        {
            int j = k + random.NextInt(n - k);
            (scratch[k], scratch[j]) = (scratch[j], scratch[k]);
            state[scratch[k]] = -state[scratch[k]];
        }
    }

    /// <summary>The number of bits a flip fraction f means for N units: <c>round(f·N)</c>, halves away from zero.</summary>
    public static int FlipCount(double fraction, int neurons) => (int)Math.Round(fraction * neurons, MidpointRounding.AwayFromZero);
}
