namespace Canns.Models.Tests.Numerics;

[TestFixture]
public class SplitMix64RandomTests
{
    /// <summary>A Random that only forwards Next(int), so HopfieldMath.Permutation takes its general (virtual) loop.</summary>
    private sealed class Forwarding(Random inner) : Random
    {
        public override int Next(int maxValue) => inner.Next(maxValue);
    }

    [Test]
    public void FirstDraws_MatchTheSplitMix64Definition()
    {
        // SplitMix64 from state 0: z = (state += φ), then two xor-shift-multiply rounds (Steele, Lea and Flood 2014).
        // The published first output for seed 0 is 0xE220A8397B1DCDAF.
        var reference = new SplitMix64(0UL);
        Assert.That(reference.Next(), Is.EqualTo(0xE220A8397B1DCDAFUL));
        var random = new SplitMix64Random(0);
        // Lemire: the upper 32 bits times the bound, upper 32 bits of that.
        Assert.That(random.Next(1000), Is.EqualTo((int)((0xE220A8397B1DCDAFUL >> 32) * 1000 >> 32)));
    }

    [Test]
    public void SameSeed_SameStream_OtherSeed_Other()
    {
        var a = new SplitMix64Random(42);
        var b = new SplitMix64Random(42);
        var c = new SplitMix64Random(43);
        var xs = Enumerable.Range(0, 50).Select(_ => a.Next(1_000_000)).ToArray();
        Assert.That(Enumerable.Range(0, 50).Select(_ => b.Next(1_000_000)), Is.EqualTo(xs));
        Assert.That(Enumerable.Range(0, 50).Select(_ => c.Next(1_000_000)), Is.Not.EqualTo(xs));
    }

    [Test]
    public void Permutation_FastPath_EqualsTheGeneralLoopOnTheSameDraws([Values(0, 1, 2, 17, 1024)] int n)
    {
        var fast = new int[n];
        var general = new int[n];
        HopfieldMath.Permutation(fast, new SplitMix64Random(7));
        HopfieldMath.Permutation(general, new Forwarding(new SplitMix64Random(7)));
        Assert.That(fast, Is.EqualTo(general));
        Assert.That(fast.Order(), Is.EqualTo(Enumerable.Range(0, n)), "a permutation");
    }

    [Test]
    public void Permutation_EveryOrderOfThreeEquallyOften()
    {
        // 6 orders, 60,000 draws: each expected 10,000, standard deviation ~91; 5 % slack is over 5 sigma.
        var random = new SplitMix64Random(11);
        var counts = new Dictionary<string, int>();
        var order = new int[3];
        for (int t = 0; t < 60_000; t++)
        {
            HopfieldMath.Permutation(order, random);
            string key = string.Join(",", order);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.That(counts, Has.Count.EqualTo(6));
        Assert.That(counts.Values, Has.All.InRange(9_500, 10_500));
    }

    [Test]
    public void Ranges_AreRespected()
    {
        var random = new SplitMix64Random(3);
        for (int t = 0; t < 2000; t++)
        {
            Assert.That(random.Next(), Is.InRange(0, int.MaxValue - 1));
            Assert.That(random.Next(7), Is.InRange(0, 6));
            Assert.That(random.Next(-5, 5), Is.InRange(-5, 4));
            Assert.That(random.Next(int.MinValue, int.MaxValue), Is.InRange(int.MinValue, int.MaxValue - 1));
            Assert.That(random.NextInt64(), Is.InRange(0L, long.MaxValue - 1));
            Assert.That(random.NextInt64(long.MinValue, long.MaxValue), Is.LessThan(long.MaxValue));
            Assert.That(random.NextInt64(10, 13), Is.InRange(10L, 12L));
            Assert.That(random.NextDouble(), Is.GreaterThanOrEqualTo(0.0).And.LessThan(1.0));
            Assert.That(random.NextSingle(), Is.GreaterThanOrEqualTo(0f).And.LessThan(1f));
        }
        Assert.That(random.Next(0), Is.Zero);
        Assert.That(random.Next(4, 4), Is.EqualTo(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.Next(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.Next(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt64(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt64(5, 4));
    }

    [Test]
    public void NextBytes_EightBytesADraw_LittleEndian()
    {
        var reference = new SplitMix64(9);
        ulong first = reference.Next(), second = reference.Next();
        var bytes = new byte[11];
        new SplitMix64Random(9).NextBytes(bytes);
        Assert.That(bytes, Is.EqualTo(BitConverter.GetBytes(first).Concat(BitConverter.GetBytes(second).Take(3))));
        Assert.Throws<ArgumentNullException>(() => new SplitMix64Random(9).NextBytes((byte[])null!));
    }

    [Test]
    public void Network_DefaultOrder_IsSplitMix64RandomOfTheSeed()
    {
        const int n = 40;
        var random = new Random(5);
        var w = new float[n * n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++) w[i * n + j] = w[j * n + i] = (float)(random.NextDouble() * 2 - 1);
        var state = Enumerable.Range(0, n).Select(_ => random.Next(2) == 0 ? -1f : 1f).ToArray();
        var options = new AmariHopfieldOptions { UpdateMode = UpdateMode.Asynchronous, Seed = 8 };
        var own = new AmariHopfieldNetwork(n, options);
        var injected = new AmariHopfieldNetwork(n, options, new SplitMix64Random(8));
        foreach (var net in new[] { own, injected })
        {
            net.W.CopyFrom(w);
            net.SetState(state);
            net.Step();
            net.Step();
        }
        Assert.That(own.State.ToArray(), Is.EqualTo(injected.State.ToArray()));
    }
}
