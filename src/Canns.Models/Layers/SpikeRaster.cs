namespace Canns.Models;

/// <summary>Checks that spike rasters hold only 0 and 1.</summary>
internal static class SpikeRaster
{
    /// <summary>Throws when a value is not exactly 0 or 1 (NaN included), naming the row and column.</summary>
    public static void ThrowIfNotBinary(Matrix raster, string paramName)
    {
        var data = raster.AsSpan();
        for (int k = 0; k < data.Length; k++)
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
