using Canns.Models;

namespace Canns.Trainers.Tests;

internal static class TestData
{
    public static Matrix RandomBipolar(int rows, int columns, int seed) => Patterns.RandomBipolar(rows, columns, seed);

    public static Matrix RandomReal(int rows, int columns, int seed) => Patterns.RandomReal(rows, columns, seed);

    public static Matrix Flip(Matrix patterns, double noise, int seed) => Patterns.Flip(patterns, noise, seed);

    /// <summary>W_ij = sign·lr/P Σ_p (x_pi − ρ)(x_pj − ρ), zero diagonal: the textbook triple loop in double.</summary>
    public static double[,] NaiveHebbian(Matrix x, double lr = 1, bool center = true, bool normalize = true, bool zeroDiagonal = true, double sign = 1)
    {
        int p = x.Rows, n = x.Columns;
        double rho = 0;
        if (center)
        {
            foreach (float v in x.AsSpan()) rho += v;
            rho /= (double)p * n;
        }
        var w = new double[n, n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            if (zeroDiagonal && i == j) continue;
            double s = 0;
            for (int q = 0; q < p; q++) s += (x[q, i] - rho) * (x[q, j] - rho);
            w[i, j] = sign * lr * (normalize ? s / p : s);
        }
        return w;
    }

    public static double Overlap(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s / a.Length;
    }
}
