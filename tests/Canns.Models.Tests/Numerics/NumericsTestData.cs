namespace Canns.Models.Tests.Numerics;

internal static class NumericsTestData
{
    public static float[] Uniform(int length, Random random) =>
        Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    public static float[] Bipolar(int length, Random random) =>
        Enumerable.Range(0, length).Select(_ => random.Next(2) == 0 ? -1f : 1f).ToArray();

    /// <summary>The scalar reference of the Gram kernels: one fused multiply-add chain per element, patterns in order.</summary>
    public static float[] FmaChainGram(float[] x, int rows, int n, float[]? start = null)
    {
        var c = new float[n * (n + 1) / 2];
        for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++)
        {
            int at = i * (i + 1) / 2 + j;
            float sum = start?[at] ?? 0f;
            for (int p = 0; p < rows; p++) sum = MathF.FusedMultiplyAdd(x[p * n + i], x[p * n + j], sum);
            c[at] = sum;
        }
        return c;
    }
}
