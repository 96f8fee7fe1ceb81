namespace Canns.Trainers.Tests.Plasticity;

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
    public void Select_RankOutsideTheValues_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.Select(new float[3], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.Select(new float[3], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.Select([], 0));
    }
}
