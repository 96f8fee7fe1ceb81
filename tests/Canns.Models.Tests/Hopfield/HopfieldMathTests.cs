namespace Canns.Models.Tests.Hopfield;

[TestFixture]
public class HopfieldMathTests
{
    [Test]
    public void Energy_AnyLength_EqualsTheSumsInDoubleWithinTheirRounding()
    {
        var random = new Random(12);
        foreach (int n in new[] { 0, 1, 15, 16, 17, 31, 32, 33, 100, 1024, 1029 })
        {
            var s = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var h = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray();
            // A plain ordered sum in double as the reference: both it and any other order are within n·u·Σ|terms| of the
            // exact sums (each product s_i·h_i is exact in double), so they differ by at most twice that.
            double quadratic = 0, sum = 0, magnitude = 0;
            for (int i = 0; i < n; i++)
            {
                quadratic += (double)s[i] * h[i];
                sum += s[i];
                magnitude += 0.5 * Math.Abs((double)s[i] * h[i]) + 0.25 * Math.Abs(s[i]);
            }
            double expected = -0.5 * quadratic + 0.25 * sum;
            double bound = 2 * (n + 2) * 1.12e-16 * magnitude;
            Assert.That(HopfieldMath.Energy(s, h, 0.25f), Is.EqualTo(expected).Within(bound), $"n = {n}");
        }
    }

    [Test]
    public void Energy_BipolarStateOnItsOwnField_IsExactForSmallIntegers()
    {
        // Integer products and sums far below 2⁵³: any order gives the exact value.
        var s = Enumerable.Range(0, 77).Select(i => i % 3 == 0 ? -1f : 1f).ToArray();
        var h = Enumerable.Range(0, 77).Select(i => (float)(i - 30)).ToArray();
        double quadratic = 0, sum = 0;
        for (int i = 0; i < s.Length; i++) { quadratic += s[i] * h[i]; sum += s[i]; }
        Assert.That(HopfieldMath.Energy(s, h, 2f), Is.EqualTo(-0.5 * quadratic + 2 * sum));
    }

    [Test]
    public void Energy_FieldShorterThanState_Throws() =>
        Assert.Throws<ArgumentException>(() => HopfieldMath.Energy(new float[4], new float[3], 0f));
}
