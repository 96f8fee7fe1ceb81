using Canns.Models;

namespace Canns.Trainers.Tests.RateRules;

/// <summary>Data with a known covariance, and the textbook reference loops (double precision) the trainers are checked against.</summary>
internal static class RuleData
{
    /// <summary>A random orthonormal basis: the columns of the returned (n × n) matrix, by Gram–Schmidt.</summary>
    public static double[,] OrthonormalBasis(int n, int seed)
    {
        var random = new Random(seed);
        var q = new double[n, n];
        for (int c = 0; c < n; c++)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = Gaussian(random);
            for (int k = 0; k < c; k++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += v[i] * q[i, k];
                for (int i = 0; i < n; i++) v[i] -= dot * q[i, k];
            }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            for (int i = 0; i < n; i++) q[i, c] = v[i] / norm;
        }
        return q;
    }

    /// <summary>Zero-mean samples x = Q (√λ ⊙ z), z standard normal: covariance Q diag(λ) Qᵀ, eigenvector k = column k of Q.</summary>
    public static Matrix Gaussian(double[,] q, double[] variances, int samples, int seed)
    {
        int n = variances.Length;
        var random = new Random(seed);
        var m = new Matrix(samples, n);
        var z = new double[n];
        for (int s = 0; s < samples; s++)
        {
            for (int k = 0; k < n; k++) z[k] = Math.Sqrt(variances[k]) * Gaussian(random);
            for (int i = 0; i < n; i++)
            {
                double x = 0;
                for (int k = 0; k < n; k++) x += q[i, k] * z[k];
                m[s, i] = (float)x;
            }
        }
        return m;
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static double[] Column(double[,] q, int c) => Enumerable.Range(0, q.GetLength(0)).Select(i => q[i, c]).ToArray();

    public static double AbsCos(ReadOnlySpan<float> w, double[] v)
    {
        double dot = 0, nw = 0, nv = 0;
        for (int i = 0; i < v.Length; i++)
        {
            dot += w[i] * v[i];
            nw += w[i] * (double)w[i];
            nv += v[i] * v[i];
        }
        return Math.Abs(dot) / Math.Sqrt(nw * nv);
    }

    public static double Norm(ReadOnlySpan<float> w)
    {
        double s = 0;
        foreach (float x in w) s += x * (double)x;
        return Math.Sqrt(s);
    }

    public static double[,] ToDouble(ParamState p)
    {
        var w = new double[p.Rows, p.Columns];
        for (int i = 0; i < p.Rows; i++)
        for (int j = 0; j < p.Columns; j++) w[i, j] = p.ReadOnlyRow(i)[j];
        return w;
    }

    /// <summary>
    /// The naive rule in double, sample by sample in row order: y = W x; Oja ΔW = η(y xᵀ − diag(y²)W); Sanger
    /// ΔW = η(y xᵀ − LT(y yᵀ)W); BCM ΔW = η (y ⊙ (y − θ)) xᵀ then θ += (y² − θ)/τ.
    /// </summary>
    public static void Reference(string rule, double[,] w, double[] theta, Matrix data, double eta, double tau, int epochs = 1)
    {
        int m = w.GetLength(0), n = w.GetLength(1);
        for (int e = 0; e < epochs; e++)
        for (int s = 0; s < data.Rows; s++)
        {
            var y = new double[m];
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) y[i] += w[i, j] * data[s, j];
            var dw = new double[m, n];
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double x = data[s, j];
                dw[i, j] = rule switch
                {
                    "oja" => eta * (y[i] * x - y[i] * y[i] * w[i, j]),
                    "sanger" => eta * (y[i] * x - Enumerable.Range(0, i + 1).Sum(k => y[i] * y[k] * w[k, j])),
                    _ => eta * y[i] * (y[i] - theta[i]) * x,
                };
            }
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) w[i, j] += dw[i, j];
            if (rule == "bcm")
            {
                for (int i = 0; i < m; i++) theta[i] += (y[i] * y[i] - theta[i]) / tau;
            }
        }
    }

    public static void AssertRelative(ReadOnlySpan<float> actual, double[,] expected, double tolerance, string what)
    {
        int n = expected.GetLength(1);
        double scale = 0;
        foreach (double v in expected) scale = Math.Max(scale, Math.Abs(v));
        for (int k = 0; k < actual.Length; k++)
        {
            double e = expected[k / n, k % n];
            Assert.That(actual[k], Is.EqualTo(e).Within(tolerance * Math.Max(Math.Abs(e), scale)), $"{what} element {k}");
        }
    }
}
