using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers.Tests.Recall;

/// <summary>
/// <see cref="IncrementalSignField.DecideAll"/> against a naive loop: every unit's fresh field by <see cref="Blas.Dot"/>,
/// the sign rule on it, and the list of units that change, in order.
/// </summary>
[TestFixture]
public class IncrementalSignFieldTests
{
    /// <summary>
    /// A random symmetric W with a zero diagonal, entries uniform in (−1, 1) (times 10^k, k drawn from [−decades, decades],
    /// when <paramref name="decades"/> &gt; 0), and its facts.
    /// </summary>
    internal static (RecallWeights Facts, float[] W) RandomSymmetric(int n, Random random, int decades = 0)
    {
        float[] w = new float[n * n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
        {
            float v = (float)((random.NextDouble() * 2 - 1) * (decades > 0 ? Math.Pow(10, random.Next(-decades, decades + 1)) : 1));
            (w[i * n + j], w[j * n + i]) = (v, v);
        }
        var net = new AmariHopfieldNetwork(n);
        net.W.CopyFrom(w);
        return (RecallWeights.Analyze(net.W, n), w);
    }

    private static (List<int> Units, List<float> Values) Naive(float[] w, int n, float[] state, float threshold)
    {
        var (units, values) = (new List<int>(), new List<float>());
        for (int i = 0; i < n; i++)
        {
            float next = SignOp.ApplyOne(Blas.Dot(w.AsSpan(i * n, n), state), state[i], threshold, temperature: 1f);
            if (next != state[i]) (units, values) = ([.. units, i], [.. values, next]);
        }
        return (units, values);
    }

    [Test]
    public void DecideAll_FreshAndUpdatedFields_EqualsTheNaiveSignRuleOnFreshFields(
        [Values(1, 15, 16, 37, 64, 200)] int n, [Values(0f, 0.3f)] float threshold)
    {
        var random = new Random(n * 7 + (int)(threshold * 10));
        var (facts, w) = RandomSymmetric(n, random);
        for (int round = 0; round < 20; round++)
        {
            // States of ±1 and some 0s; rounds alternate between a fresh field and one brought up to date by flips.
            float[] state = new float[n];
            for (int i = 0; i < n; i++) state[i] = random.Next(10) == 0 ? 0f : random.Next(2) == 0 ? -1f : 1f;
            float[] field = new float[n];
            var h = new IncrementalSignField(facts, field);
            h.Refresh(state);
            if (round % 2 == 1)
            {
                for (int f = 0; f < 5; f++)
                {
                    int j = random.Next(n);
                    float old = state[j];
                    state[j] = old > 0 ? -1f : 1f;
                    h.Flip(j, old, state[j]);
                }
            }
            // Rows longer than N hold sentinels past their end, which DecideAll must leave alone.
            int[] flipped = Enumerable.Repeat(-7, n + 16).ToArray();
            float[] values = Enumerable.Repeat(99f, n + 16).ToArray();
            int count = h.DecideAll(state, threshold, flipped.AsSpan(0, n), values.AsSpan(0, n));

            var (units, expected) = Naive(w, n, state, threshold);
            Assert.That(flipped.Take(count), Is.EqualTo(units), $"round {round}: units");
            Assert.That(values.Take(count), Is.EqualTo(expected), $"round {round}: values");
            Assert.That(flipped.Skip(n), Is.All.EqualTo(-7));
            Assert.That(values.Skip(n), Is.All.EqualTo(99f));
        }
    }

    [Test]
    public void DecideAll_FlipRowsShorterThanN_Throws()
    {
        const int N = 32;
        var (facts, _) = RandomSymmetric(N, new Random(3));
        float[] state = Enumerable.Repeat(1f, N).ToArray();
        var h = new IncrementalSignField(facts, new float[N]);
        h.Refresh(state);
        var error = Assert.Throws<ArgumentException>(() => h.DecideAll(state, 0f, new int[N - 1], new float[N]));
        Assert.That(error!.Message, Does.Contain("N entries"));
    }
}
