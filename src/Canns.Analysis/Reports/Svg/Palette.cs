using System.Globalization;

namespace Canns.Analysis.Reports.Svg;

/// <summary>Colours: the Okabe–Ito palette (distinguishable with colour-vision deficiencies) and a diverging blue–white–red map.</summary>
internal static class Palette
{
    private static readonly string[] Colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"];

    /// <summary>The k-th categorical colour, cycling.</summary>
    public static string Category(int k) => Colors[((k % Colors.Length) + Colors.Length) % Colors.Length];

    /// <summary>A diverging colour for t in [−1, 1]: #2166AC at −1, white at 0, #B2182B at +1 (clamped).</summary>
    public static string Diverging(double t)
    {
        t = Math.Clamp(double.IsFinite(t) ? t : 0, -1, 1);
        var (r, g, b) = t < 0 ? (0x21, 0x66, 0xAC) : (0xB2, 0x18, 0x2B);
        double a = Math.Abs(t);
        int Mix(int c) => (int)Math.Round(255 + (c - 255) * a);
        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(r):X2}{Mix(g):X2}{Mix(b):X2}");
    }
}
