using Canns.Models;

namespace Canns.Models.Tests;

internal static class TestData
{
    public static Matrix RandomBipolar(int rows, int columns, int seed) => Patterns.RandomBipolar(rows, columns, seed);

    public static Matrix RandomReal(int rows, int columns, int seed) => Patterns.RandomReal(rows, columns, seed);
}
