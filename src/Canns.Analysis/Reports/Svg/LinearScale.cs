using System.Globalization;

namespace Canns.Analysis.Reports.Svg;

/// <summary>A linear map from a data domain [d0, d1] to a pixel range [r0, r1]: <c>r = r0 + (x − d0)·(r1 − r0)/(d1 − d0)</c>.</summary>
internal sealed class LinearScale
{
    /// <summary>Creates the scale; a zero-width domain is widened by ±0.5 (or ±5 % of |d0|) so every value has a place.</summary>
    public LinearScale(double d0, double d1, double r0, double r1)
    {
        if (d0 == d1)
        {
            double pad = d0 == 0 ? 0.5 : Math.Abs(d0) * 0.05;
            (d0, d1) = (d0 - pad, d1 + pad);
        }
        (D0, D1, R0, R1) = (d0, d1, r0, r1);
    }

    /// <summary>The domain's first end.</summary>
    public double D0 { get; }

    /// <summary>The domain's second end.</summary>
    public double D1 { get; }

    /// <summary>The range's first end.</summary>
    public double R0 { get; }

    /// <summary>The range's second end.</summary>
    public double R1 { get; }

    /// <summary>Maps a data value to a pixel coordinate.</summary>
    public double this[double x] => R0 + (x - D0) * (R1 - R0) / (D1 - D0);

    /// <summary>
    /// About <paramref name="count"/> "nice" tick values (multiples of 1, 2 or 5 × 10^k) inside the domain, with the
    /// number of decimals they need.
    /// </summary>
    public (IReadOnlyList<double> Values, int Decimals) Ticks(int count = 6)
    {
        double lo = Math.Min(D0, D1), hi = Math.Max(D0, D1);
        double raw = (hi - lo) / Math.Max(1, count);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw * 0.999);
        var values = new List<double>();
        for (double v = Math.Ceiling(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
        {
            values.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        }
        return (values, Math.Max(0, (int)-Math.Floor(Math.Log10(step) + 1e-9)));
    }

    /// <summary>A tick label with the given decimals, invariant culture, with a true minus sign.</summary>
    public static string Label(double value, int decimals) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).Replace('-', '−');
}
