using Canns.Models;

namespace Canns.Benchmarks.Speed;

/// <summary>The data of the speed workloads, with the shapes and distributions of benchmarks/numpy_peer.py.</summary>
internal static class SpeedData
{
    /// <summary>Uniform entries in [−1, 1) (the tests' generator, shared).</summary>
    public static Matrix Uniform(int rows, int columns, int seed) => Canns.Testing.Patterns.RandomReal(rows, columns, seed);

    /// <summary>Fair ±1 entries (the tests' generator, shared).</summary>
    public static Matrix Bipolar(int rows, int columns, int seed) => Canns.Testing.Patterns.RandomBipolar(rows, columns, seed);

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
