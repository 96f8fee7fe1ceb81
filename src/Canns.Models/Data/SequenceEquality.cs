namespace Canns.Models;

/// <summary>
/// Element-wise equality and hash codes for the array and list members of result records, which the compiler would
/// otherwise compare by reference. Elements are compared with <see cref="EqualityComparer{T}.Default"/>, the comparison
/// records use for their scalar members: for <see cref="float"/> and <see cref="double"/> that is <c>Equals</c>, so NaN
/// equals NaN and 0 equals −0 (their hash codes agree too).
/// </summary>
internal static class SequenceEquality
{
    /// <summary>True when both are null, or both hold equal elements in the same order.</summary>
    public static bool Equal<T>(T[]? a, T[]? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.AsSpan().SequenceEqual(b, comparer: null));

    /// <summary>True when both are null, or both hold equal elements in the same order.</summary>
    public static bool Equal<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null || a.Count != b.Count) return false;
        if (a is T[] x && b is T[] y) return Equal(x, y);
        var comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < a.Count; i++)
        {
            if (!comparer.Equals(a[i], b[i])) return false;
        }
        return true;
    }

    /// <summary>A hash code of the length and every element, consistent with <see cref="Equal{T}(T[], T[])"/>; 0 for null.</summary>
    public static int Hash<T>(T[]? values)
    {
        if (values is null) return 0;
        var hash = new HashCode();
        hash.Add(values.Length);
        foreach (T v in values) hash.Add(v);
        return hash.ToHashCode();
    }

    /// <summary>A hash code of the count and every element, consistent with <see cref="Equal{T}(IReadOnlyList{T}, IReadOnlyList{T})"/>; 0 for null.</summary>
    public static int Hash<T>(IReadOnlyList<T>? values)
    {
        if (values is null) return 0;
        if (values is T[] array) return Hash(array);
        var hash = new HashCode();
        hash.Add(values.Count);
        for (int i = 0; i < values.Count; i++) hash.Add(values[i]);
        return hash.ToHashCode();
    }
}
