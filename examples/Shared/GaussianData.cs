namespace Canns.Examples;

/// <summary>Seeded Gaussian draws and random orthonormal bases for the PCA examples.</summary>
internal static class GaussianData
{
    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    /// <summary>n random orthonormal vectors of length n (Gram–Schmidt on Gaussian draws).</summary>
    public static double[][] Orthonormal(int n, Random r)
    {
        var q = new double[n][];
        for (int c = 0; c < n; c++)
        {
            var v = Enumerable.Range(0, n).Select(_ => Gaussian(r)).ToArray();
            for (int k = 0; k < c; k++)
            {
                double d = v.Select((x, i) => x * q[k][i]).Sum();
                for (int i = 0; i < n; i++) v[i] -= d * q[k][i];
            }
            double len = Math.Sqrt(v.Sum(x => x * x));
            q[c] = v.Select(x => x / len).ToArray();
        }
        return q;
    }
}
