using Canns.Models;

namespace Canns.Models.Tests;

internal static class TestData
{
    public static Matrix RandomBipolar(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, columns);
        foreach (ref float x in m.AsSpan()) x = random.Next(2) == 0 ? -1f : 1f;
        return m;
    }

    public static Matrix RandomReal(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, columns);
        foreach (ref float x in m.AsSpan()) x = (float)(random.NextDouble() * 2 - 1);
        return m;
    }
}
