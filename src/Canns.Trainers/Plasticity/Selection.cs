using System.Buffers;
using Canns.Models;

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

    /// <summary>Values from which on <see cref="SelectNonNegative"/> counts bits instead of partitioning a copy.</summary>
    internal const int RadixFrom = 1 << 15;

    /// <summary>Values a thread counts, at least, when the radix passes run in parallel.</summary>
    private const int RadixSlice = 1 << 18;

    /// <summary>Bits of a float's magnitude that pick its bucket in the counting pass: the top 12 (exponent and 4 mantissa bits).</summary>
    private const int BucketShift = 19;

    private const int Buckets = 1 << 12;

    /// <summary>
    /// The value that would stand at index <paramref name="k"/> if <paramref name="values"/> (each ≥ 0 or −0, none NaN)
    /// were sorted ascending, without changing them. Small inputs are partitioned in a copy (<see cref="Select"/>); from
    /// <see cref="RadixFrom"/> values on, one counting pass over the top 12 bits of each value (the order of non-negative
    /// floats is the order of their bit patterns; 4,096 counters stay in L1) finds the bucket that holds rank k, a second
    /// pass gathers that bucket's values, and those are partitioned; both passes in parallel slices on all cores. Exact
    /// either way; −0 counts as 0.
    /// </summary>
    public static float SelectNonNegative(ReadOnlySpan<float> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        if (values.Length < RadixFrom) return SelectCopy(values, k);
        var bits = System.Runtime.InteropServices.MemoryMarshal.Cast<float, uint>(values);
        int slices = Math.Clamp(bits.Length / RadixSlice, 1, CannsParallelism.MaxDegree);
        var counts = new int[slices * Buckets];
        var bounds = new int[slices + 1];
        for (int s = 0; s <= slices; s++) bounds[s] = (int)((long)bits.Length * s / slices);
        unsafe
        {
            fixed (uint* origin = bits)
            {
                nint start = (nint)origin;
                ForSlices(slices, s => CountSlice((uint*)start + bounds[s], bounds[s + 1] - bounds[s], counts.AsSpan(s * Buckets, Buckets)));
                // The bucket that holds rank k, over all the slices' counts.
                int bucket = 0, before = 0;
                for (; bucket < Buckets; bucket++)
                {
                    int total = 0;
                    for (int s = 0; s < slices; s++) total += counts[s * Buckets + bucket];
                    if (k < before + total) break;
                    before += total;
                }
                // Each slice gathers its values of that bucket at its own offset (its count of it), in order.
                var offsets = new int[slices + 1];
                for (int s = 0; s < slices; s++) offsets[s + 1] = offsets[s] + counts[s * Buckets + bucket];
                float[] gathered = ArrayPool<float>.Shared.Rent(Math.Max(1, offsets[slices]));
                try
                {
                    ForSlices(slices, s => GatherSlice((uint*)start + bounds[s], bounds[s + 1] - bounds[s], (uint)bucket, gathered.AsSpan(offsets[s], offsets[s + 1] - offsets[s])));
                    return SelectWithinBucket(gathered.AsSpan(0, offsets[slices]), k - before);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(gathered);
                }
            }
        }
    }

    /// <summary>
    /// Rank k of values that share their top 12 bits (and are non-negative): a large set is counted once more on the next
    /// 12 bits and only the bucket holding rank k is partitioned; a small one is partitioned at once. Reorders the values.
    /// </summary>
    private static float SelectWithinBucket(Span<float> values, int k)
    {
        const int NextShift = BucketShift - 12;
        if (values.Length < RadixFrom) return Select(values, k);
        var bits = System.Runtime.InteropServices.MemoryMarshal.Cast<float, uint>(values);
        Span<int> counts = new int[Buckets];
        foreach (uint v in bits) counts[(int)((v >> NextShift) & (Buckets - 1))]++;
        int bucket = 0;
        for (; k >= counts[bucket]; bucket++) k -= counts[bucket];
        int j = 0;
        for (int i = 0; i < bits.Length; i++)
        {
            if (((bits[i] >> NextShift) & (Buckets - 1)) == bucket) bits[j++] = bits[i];
        }
        return Select(values[..j], k);
    }

    private static float SelectCopy(ReadOnlySpan<float> values, int k)
    {
        float[] copy = ArrayPool<float>.Shared.Rent(values.Length);
        try
        {
            values.CopyTo(copy);
            // −0 and 0 are equal to the partition; the radix path returns 0 for either, and so does this (0 + −0 is 0).
            return Select(copy.AsSpan(0, values.Length), k) + 0f;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(copy);
        }
    }

    private static void ForSlices(int slices, Action<int> body)
    {
        if (slices == 1) body(0);
        else CannsParallelism.For(0, slices, body);
    }

    private static unsafe void CountSlice(uint* bits, int length, Span<int> counts)
    {
        fixed (int* c = counts)
        {
            for (int i = 0; i < length; i++) c[(bits[i] & 0x7FFF_FFFFu) >> BucketShift]++;
        }
    }

    private static unsafe void GatherSlice(uint* bits, int length, uint bucket, Span<float> into)
    {
        int j = 0;
        fixed (float* o = into)
        {
            for (int i = 0; i < length; i++)
            {
                uint magnitude = bits[i] & 0x7FFF_FFFFu;
                if (magnitude >> BucketShift == bucket) o[j++] = BitConverter.UInt32BitsToSingle(magnitude);
            }
        }
    }
}
