namespace Canns.Models;

/// <summary>What the ring models share: preferred angles, population-vector decoding, circulant couplings, stepping runs.</summary>
internal sealed class RingGeometry
{
    private readonly double[] _cos;
    private readonly double[] _sin;

    /// <summary>The angles <c>θ_i = −π + 2π i/N</c> of <paramref name="size"/> units and their directions.</summary>
    public RingGeometry(int size)
    {
        Size = size;
        _cos = new double[size];
        _sin = new double[size];
        for (int i = 0; i < size; i++) (_sin[i], _cos[i]) = Math.SinCos(Angle(i));
    }

    public int Size { get; }

    /// <summary>The preferred angle of unit <paramref name="index"/>, checked to be a unit.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, N).</exception>
    public double PreferredAngle(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        return Angle(index);
    }

    private double Angle(int index) => -Math.PI + 2 * Math.PI * index / Size;

    /// <summary>The angle of <c>Σ_i rates_i e^{iθ_i}</c>, in (−π, π]; NaN when both sums are 0.</summary>
    public double Decode(ReadOnlySpan<float> rates)
    {
        double x = 0, y = 0;
        for (int i = 0; i < rates.Length; i++)
        {
            x += rates[i] * _cos[i];
            y += rates[i] * _sin[i];
        }
        if (x == 0 && y == 0) return double.NaN;
        // Atan2 returns −π for a vector just below the negative x-axis (unit 0 alone: sin(−π) ≈ −1.2e-16): report it as π.
        double angle = Math.Atan2(y, x);
        return angle <= -Math.PI ? angle + 2 * Math.PI : angle;
    }

    /// <summary>
    /// Fills the N × N <paramref name="w"/> with <c>W_ij = profile(d_ij)</c>, d_ij the distance on the ring: circulant,
    /// and exactly symmetric because the offsets k and N − k share one value.
    /// </summary>
    public void FillCirculant(Span<float> w, Func<double, double> profile)
    {
        int n = Size;
        var values = new float[n];
        for (int k = 0; k <= n / 2; k++) values[k] = values[(n - k) % n] = (float)profile(2 * Math.PI * k / n);
        for (int i = 0; i < n; i++)
        {
            var row = w.Slice(i * n, n);
            for (int j = 0; j < n; j++)
            {
                int k = i - j;
                row[j] = values[k < 0 ? k + n : k];
            }
        }
    }

    /// <summary>Runs <paramref name="step"/> <paramref name="steps"/> times, checking the token every 64 steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the steps taken so far stay.</exception>
    public static void Run(int steps, Action step, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        for (int s = 0; s < steps; s++)
        {
            if ((s & 63) == 0) cancellationToken.ThrowIfCancellationRequested();
            step();
        }
    }
}
