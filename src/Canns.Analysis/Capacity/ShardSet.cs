namespace Canns.Analysis;

/// <summary>
/// The checks every merge makes before it looks inside the shards: there are some, none is null or half-built, all come
/// from one split of one run (equal shard counts, equal options), and each shard of the split is given exactly once.
/// </summary>
internal static class ShardSet
{
    /// <summary>How many missing shards a message names before it gives only the number of the rest.</summary>
    internal const int MissingNamed = 10;

    /// <summary>
    /// The shards as a list, once they make up one whole split of one run by one build; <paramref name="producer"/>
    /// gives the build that ran a shard (null when unknown, which matches only unknown), <paramref name="parts"/> lists
    /// each shard's members that must not be null, <paramref name="difference"/> names how two shards' options differ
    /// (null when equal) and <paramref name="run"/> (<c>study</c>, <c>analysis</c>) what the shards were split from.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="shards"/>, one of them or one of its parts is null.</exception>
    /// <exception cref="ArgumentException">The shards do not make up one whole split; the message names the problem.</exception>
    public static List<T> CheckWhole<T>(IEnumerable<T> shards, Func<T, ShardId> id, Func<T, string?> producer, Func<T, IEnumerable<object?>> parts,
        Func<T, T, string?> difference, string run)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(shards);
        var list = shards.ToList();
        if (list.Count == 0) throw new ArgumentException("There are no shards to merge.", nameof(shards));
        foreach (var s in list)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(shards));
            foreach (var part in parts(s)) ArgumentNullException.ThrowIfNull(part, nameof(shards));
            if (id(s).Count < 1) throw new ArgumentException("A shard's id is uninitialised (count 0); create it with new ShardId(i, n).", nameof(shards));
        }
        var first = list[0];
        int count = id(first).Count;
        foreach (var s in list)
        {
            if (id(s).Count != count)
            {
                throw new ArgumentException($"The shards come from different splits: shard {id(first)} and shard {id(s)}.", nameof(shards));
            }
            if (difference(first, s) is { } different)
            {
                throw new ArgumentException($"Shard {id(s)} is from a different {run} than shard {id(first)}: options differ ({different}).", nameof(shards));
            }
            // Two builds may compute a cell differently (a kernel's summation order, a fixed bug), so their shards would
            // merge into a result neither build gives.
            if (!string.Equals(producer(first), producer(s), StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Shard {id(s)} was run by {Describe(producer(s))} and shard {id(first)} by {Describe(producer(first))}: run every shard of a {run} with the same build.",
                    nameof(shards));
            }
        }
        // A set, not a bool[count]: a split's count may run to billions (more shards than cells is allowed), and the
        // message names only the first few missing shards, so neither grows with the count.
        var seen = new HashSet<int>();
        foreach (var s in list)
        {
            if (!seen.Add(id(s).Index)) throw new ArgumentException($"Shard {id(s)} is given twice.", nameof(shards));
        }
        if (seen.Count < count)
        {
            int missingCount = count - seen.Count;
            var named = new List<string>(MissingNamed);
            for (int i = 0; i < count && named.Count < MissingNamed; i++)
            {
                if (!seen.Contains(i)) named.Add($"{i}/{count}");
            }
            string more = missingCount > named.Count ? $" and {missingCount - named.Count} more" : "";
            throw new ArgumentException($"Missing shard{(missingCount > 1 ? "s" : "")} {string.Join(", ", named)}{more}: all {count} are needed.", nameof(shards));
        }
        return list;
    }

    private static string Describe(string? producer) => producer is null ? "an unknown build (no producer recorded)" : $"'{producer}'";
}
