using Canns.Models;

namespace Canns.Testing;

/// <summary>Seeded random patterns and noisy probes, shared by every test project.</summary>
internal static class Patterns
{
    /// <summary>A rows × columns matrix of independent fair ±1 entries.</summary>
    public static Matrix RandomBipolar(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, columns);
        foreach (ref float x in m.AsSpan()) x = random.Next(2) == 0 ? -1f : 1f;
        return m;
    }

    /// <summary>A rows × columns matrix of independent uniform entries in [−1, 1).</summary>
    public static Matrix RandomReal(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, columns);
        foreach (ref float x in m.AsSpan()) x = (float)(random.NextDouble() * 2 - 1);
        return m;
    }

    /// <summary>A copy of a ±1 matrix with each entry flipped with probability <paramref name="noise"/>.</summary>
    public static Matrix Flip(Matrix patterns, double noise, int seed)
    {
        var random = new Random(seed);
        var m = patterns.Clone();
        foreach (ref float x in m.AsSpan())
        {
            if (random.NextDouble() < noise) x = -x;
        }
        return m;
    }
}
