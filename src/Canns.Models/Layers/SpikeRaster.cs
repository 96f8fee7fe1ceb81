using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Canns.Models;

/// <summary>Checks that spike rasters hold only 0 and 1.</summary>
internal static class SpikeRaster
{
    /// <summary>Throws when a value is not exactly 0 or 1 (NaN included), naming the row and column.</summary>
    public static void ThrowIfNotBinary(Matrix raster, string paramName)
    {
        var data = raster.AsSpan();
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // Whole vectors first; the scalar loop below names the first bad value of a vector that has one.
            ref float p = ref MemoryMarshal.GetReference(data);
            for (; k <= data.Length - Vector512<float>.Count; k += Vector512<float>.Count)
            {
                var v = Vector512.LoadUnsafe(ref p, (nuint)k);
                if ((Vector512.Equals(v, Vector512<float>.Zero) | Vector512.Equals(v, Vector512<float>.One)).AsInt32() != Vector512<int>.AllBitsSet) break;
            }
        }
        for (; k < data.Length; k++)
        {
            float v = data[k];
            if (v != 0f && v != 1f)
            {
                throw new ArgumentException(
                    $"{paramName} must hold spikes (0 or 1) only; found {v} at row {k / raster.Columns}, column {k % raster.Columns}.", paramName);
            }
        }
    }

    /// <summary>Throws when a value is not exactly 0 or 1 (NaN included), naming the index.</summary>
    public static void ThrowIfNotBinary(ReadOnlySpan<float> spikes, string paramName)
    {
        for (int k = 0; k < spikes.Length; k++)
        {
            if (spikes[k] != 0f && spikes[k] != 1f)
            {
                throw new ArgumentException($"{paramName} must hold spikes (0 or 1) only; found {spikes[k]} at index {k}.", paramName);
            }
        }
    }
}
