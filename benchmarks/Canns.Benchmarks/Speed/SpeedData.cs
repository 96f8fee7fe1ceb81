using Canns.Models;

namespace Canns.Benchmarks.Speed;

/// <summary>The data of the speed workloads, with the shapes and distributions of benchmarks/numpy_peer.py.</summary>
internal static class SpeedData
{
    public static Matrix Uniform(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, columns);
        foreach (ref float v in m.AsSpan()) v = (float)(random.NextDouble() * 2 - 1);
        return m;
    }

    public static Matrix Bipolar(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, columns);
        foreach (ref float v in m.AsSpan()) v = random.Next(2) == 0 ? -1f : 1f;
        return m;
    }

    /// <summary>Flips each entry of a ±1 matrix with probability <paramref name="noise"/>.</summary>
    public static Matrix Flip(Matrix patterns, int rows, double noise, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, patterns.Columns, patterns.Data[..(rows * patterns.Columns)]);
        foreach (ref float v in m.AsSpan())
        {
            if (random.NextDouble() < noise) v = -v;
        }
        return m;
    }
}
