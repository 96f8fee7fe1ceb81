using System.Globalization;

namespace Canns.Analysis;

/// <summary>
/// One shard of a study split <see cref="Count"/> ways: shard <see cref="Index"/> (0-based) runs the cells whose
/// plan index <c>k</c> satisfies <c>k mod Count = Index</c>. Written and parsed as <c>Index/Count</c>, e.g. <c>2/8</c>.
/// </summary>
public readonly record struct ShardId
{
    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> &lt; 1, or <paramref name="index"/> is outside [0, count).</exception>
    public ShardId(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if ((uint)index >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The shard index ({index}) must be in [0, {count}) for {count} shard(s).");
        }
        Index = index;
        Count = count;
    }

    /// <summary>The shard's index, 0-based.</summary>
    public int Index { get; }

    /// <summary>How many shards the study is split into; at least 1.</summary>
    public int Count { get; }

    /// <summary>True when the cell at plan index <paramref name="cellIndex"/> belongs to this shard: <c>cellIndex mod Count = Index</c>.</summary>
    /// <exception cref="InvalidOperationException">The shard is the default value (count 0), which no study accepts either.</exception>
    public bool Owns(int cellIndex) => Count >= 1
        ? cellIndex % Count == Index
        : throw new InvalidOperationException("The shard is uninitialised (count 0); create it with new ShardId(i, n).");

    /// <summary>Parses <c>i/n</c> (0 ≤ i &lt; n, n ≥ 1; invariant culture, no signs or spaces inside the numbers).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not <c>i/n</c> with 0 ≤ i &lt; n and n ≥ 1.</exception>
    public static ShardId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new FormatException($"A shard is written i/n with 0-based index i and count n (e.g. 0/4), got '{text}'.");
        }
        if (count < 1 || index >= count)
        {
            throw new FormatException($"The shard '{text}' needs a count n ≥ 1 and an index i with 0 ≤ i < n.");
        }
        return new ShardId(index, count);
    }

    /// <summary>The shard as <c>Index/Count</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
