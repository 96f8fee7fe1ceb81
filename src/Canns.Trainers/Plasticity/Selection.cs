namespace Canns.Trainers;

/// <summary>Selection of the k-th smallest value without sorting (Hoare's quickselect), for percentiles.</summary>
internal static class Selection
{
    /// <summary>
    /// The value that would stand at index <paramref name="k"/> if <paramref name="values"/> (no NaN) were sorted ascending;
    /// reorders <paramref name="values"/>. Expected O(n): the middle element of each range is its pivot, so sorted or
    /// constant data are no worse than random.
    /// </summary>
    public static float Select(Span<float> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            float pivot = values[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            // Now values[lo..j] ≤ pivot ≤ values[i..hi], and every element strictly between j and i equals the pivot.
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return values[k];
        }
        return values[k];
    }
}
