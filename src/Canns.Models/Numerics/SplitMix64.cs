namespace Canns.Models;

/// <summary>
/// The SplitMix64 generator (Steele, Lea and Flood 2014): a 64-bit counter advanced by the golden-ratio constant and
/// finalised by two xor-shift-multiply rounds. Ours rather than <see cref="Random"/> so that a study's numbers and
/// every asynchronous update order are pinned by this code, not by the runtime's choice of algorithm; and a struct,
/// so drawing a permutation costs no allocation and no virtual call (<see cref="SplitMix64Random"/> is the same
/// stream behind the <see cref="Random"/> API).
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        return Mix(z);
    }

    /// <summary>The generator seeded with <paramref name="seed"/> (sign-extended to 64 bits).</summary>
    public SplitMix64(int seed)
        : this(unchecked((ulong)(long)seed))
    {
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), by Lemire's multiply-shift (bias below 2⁻³²).</summary>
    public int NextInt(int bound) => (int)((Next() >> 32) * (ulong)bound >> 32);

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// Overwrites <paramref name="order"/> with a uniformly random permutation of 0 … n − 1 (Fisher–Yates from the end:
    /// position i swaps with <c>NextInt(i + 1)</c>), the order <see cref="HopfieldMath.Permutation"/> draws.
    /// </summary>
    public void Shuffle(Span<int> order)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>The SplitMix64 finaliser.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// A seed derived from a master seed and a list of keys (grid coordinates): each key is folded in by
    /// <c>h ← Mix(h ⊕ key + φ)</c>, and the result folded to a non-negative int. The same keys always give the same
    /// seed, whatever else is in the study, so any subset of cells can be run on its own.
    /// </summary>
    public static int DeriveSeed(int masterSeed, params ReadOnlySpan<ulong> keys)
    {
        ulong h = Mix((ulong)(uint)masterSeed + 0x9E3779B97F4A7C15UL);
        foreach (ulong key in keys) h = Mix(h ^ (key + 0x9E3779B97F4A7C15UL));
        return (int)(h >> 33);
    }
}
