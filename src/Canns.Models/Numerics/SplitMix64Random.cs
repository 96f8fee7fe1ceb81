namespace Canns.Models;

/// <summary>
/// A seedable <see cref="Random"/> on the SplitMix64 generator (Steele, Lea and Flood 2014), with bounded integers by
/// Lemire's multiply-shift: the source of asynchronous update orders when none is injected. Its stream is fixed by
/// the seed (this code, not the runtime's choice of algorithm), and the compiled recall paths draw the very same
/// permutations from it without a virtual call, so a seeded recall gives one answer on every path.
/// </summary>
/// <remarks>Every member of <see cref="Random"/> is overridden, so no value comes from the base class's own generator.
/// Not thread-safe, like <see cref="Random"/> instances.</remarks>
public sealed class SplitMix64Random : Random
{
    private SplitMix64 _state;

    /// <summary>Creates the generator for <paramref name="seed"/>; equal seeds give equal streams.</summary>
    public SplitMix64Random(int seed)
    {
        _state = new SplitMix64(seed);
    }

    /// <summary>A non-negative integer below <see cref="int.MaxValue"/>.</summary>
    public override int Next() => _state.NextInt(int.MaxValue);

    /// <summary>An integer in [0, <paramref name="maxValue"/>); 0 when <paramref name="maxValue"/> is 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxValue"/> is negative.</exception>
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return _state.NextInt(maxValue);
    }

    /// <summary>An integer in [<paramref name="minValue"/>, <paramref name="maxValue"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minValue"/> exceeds <paramref name="maxValue"/>.</exception>
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)(minValue + NextInt64(0, (long)maxValue - minValue));
    }

    /// <summary>A non-negative integer below <see cref="long.MaxValue"/>.</summary>
    public override long NextInt64() => NextInt64(long.MaxValue);

    /// <summary>An integer in [0, <paramref name="maxValue"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxValue"/> is negative.</exception>
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (long)Math.BigMul(_state.Next(), (ulong)maxValue, out _);
    }

    /// <summary>An integer in [<paramref name="minValue"/>, <paramref name="maxValue"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minValue"/> exceeds <paramref name="maxValue"/>.</exception>
    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        ulong range = unchecked((ulong)(maxValue - minValue));
        return unchecked(minValue + (long)Math.BigMul(_state.Next(), range, out _));
    }

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public override double NextDouble() => _state.NextDouble();

    /// <summary>A float in [0, 1) with 24 random bits.</summary>
    public override float NextSingle() => (_state.Next() >> 40) * (1f / (1 << 24));

    /// <summary>Fills <paramref name="buffer"/> with random bytes.</summary>
    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    /// <summary>Fills <paramref name="buffer"/> with random bytes, eight from each draw.</summary>
    public override void NextBytes(Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            ulong bits = _state.Next();
            int count = Math.Min(8, buffer.Length);
            for (int b = 0; b < count; b++) buffer[b] = (byte)(bits >> (8 * b));
            buffer = buffer[count..];
        }
    }

    /// <inheritdoc cref="NextDouble"/>
    protected override double Sample() => _state.NextDouble();

    /// <summary>A uniformly random permutation of 0 … n − 1 into <paramref name="order"/>: the draws of <see cref="Next(int)"/> for i = n − 1 … 1.</summary>
    internal void Shuffle(Span<int> order) => _state.Shuffle(order);
}
