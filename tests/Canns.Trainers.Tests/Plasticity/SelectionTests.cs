using Canns.Models;
namespace Canns.Trainers.Tests.Plasticity;

[NonParallelizable]
public class SelectionTests
{
    [Test]
    public void Select_EveryRank_EqualsTheSortedArrays(
        [Values(1, 2, 3, 7, 64, 257)] int n, [Values("random", "duplicates", "sorted", "reversed", "constant")] string kind)
    {
        var random = new Random(n * 31 + kind.Length);
        float[] values = kind switch
        {
            "random" => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray(),
            "duplicates" => Enumerable.Range(0, n).Select(_ => (float)random.Next(4)).ToArray(),
            "sorted" => Enumerable.Range(0, n).Select(i => (float)i).ToArray(),
            "reversed" => Enumerable.Range(0, n).Select(i => (float)(n - i)).ToArray(),
            _ => Enumerable.Repeat(0.25f, n).ToArray(),
        };
        var sorted = values.Order().ToArray();
        for (int k = 0; k < n; k++)
        {
            var copy = (float[])values.Clone();
            Assert.That(Selection.Select(copy, k), Is.EqualTo(sorted[k]), $"k = {k}");
            Assert.That(copy.Order(), Is.EqualTo(sorted), "a permutation of the input");
        }
    }

    [Test]
    public void PercentileRank_IsTheNearestRank_EvenWherePOver100WouldRound()
    {
        // ⌈p·m/100⌉ − 1 for every whole p and m up to 400, by integer arithmetic.
        for (int p = 1; p < 100; p++)
        {
            for (int m = 1; m <= 400; m++)
            {
                int expected = (p * m + 99) / 100 - 1;
                Assert.That(PlasticityTrainer.PercentileRank(p, m), Is.EqualTo(expected), $"p = {p}, m = {m}");
            }
        }
        Assert.That(PlasticityTrainer.PercentileRank(7, 100), Is.EqualTo(6), "7/100·100 rounds above 7 in double");
        Assert.That(PlasticityTrainer.PercentileRank(75.5f, 2), Is.EqualTo(1));
    }

    [Test]
    public void Select_RankOutsideTheValues_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.Select(new float[3], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.Select(new float[3], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.Select([], 0));
    }

    [Test]
    public void SelectNonNegative_EqualsTheSortedArrays_OnBothPathsAndBothThreadCounts(
        [Values(1, 5, 1000, Selection.RadixFrom - 1, Selection.RadixFrom, 600_000)] int n,
        [Values("random", "duplicates", "wide", "constant", "zeros")] string kind)
    {
        var random = new Random(n + kind.Length);
        float[] values = kind switch
        {
            "random" => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray(),
            // Few distinct values: one top-16-bit bucket holds many, so the second pass decides.
            "duplicates" => Enumerable.Range(0, n).Select(_ => 1f + random.Next(5) * 1e-7f).ToArray(),
            // Subnormals to large values, and −0 (which counts as 0).
            "wide" => Enumerable.Range(0, n).Select(i => i % 97 == 0 ? -0f : (float)Math.Pow(10, random.NextDouble() * 80 - 42)).ToArray(),
            "constant" => Enumerable.Repeat(0.25f, n).ToArray(),
            _ => new float[n],
        };
        var sorted = values.Order().ToArray();
        var original = (float[])values.Clone();
        int[] ranks = n <= 5 ? Enumerable.Range(0, n).ToArray() : [0, 1, n / 4, n / 2, 3 * n / 4, n - 2, n - 1];
        try
        {
            foreach (int threads in new[] { 1, 2 })
            {
                CannsParallelism.MaxDegree = threads;
                foreach (int k in ranks)
                {
                    Assert.That(Selection.SelectNonNegative(values, k), Is.EqualTo(sorted[k]), $"k = {k}, {threads} threads");
                }
            }
        }
        finally
        {
            CannsParallelism.MaxDegree = Environment.ProcessorCount;
        }
        Assert.That(values, Is.EqualTo(original), "the input is not changed");
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.SelectNonNegative(values, n));
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.SelectNonNegative(values, -1));
    }
}
