namespace Canns.Models;

/// <summary>Shared argument checks whose messages name the offending value.</summary>
internal static class Guard
{
    /// <summary>Throws when any value is NaN or infinite, naming the first bad index.</summary>
    public static void ThrowIfNotFinite(ReadOnlySpan<float> values, string paramName)
    {
        int bad = FirstNonFinite(values);
        if (bad >= 0)
        {
            throw new ArgumentException($"{paramName} contains a non-finite value ({values[bad]}) at index {bad}.", paramName);
        }
    }

    /// <summary>Throws when any value is NaN or infinite, naming the row and column of the first bad one.</summary>
    public static void ThrowIfNotFinite(Matrix values, string paramName)
    {
        int bad = FirstNonFinite(values.AsSpan());
        if (bad >= 0)
        {
            int columns = Math.Max(values.Columns, 1);
            throw new ArgumentException(
                $"{paramName} contains a non-finite value ({values.AsSpan()[bad]}) at row {bad / columns}, column {bad % columns}.", paramName);
        }
    }

    /// <summary>Throws when a value is not exactly +1 or −1, naming the first one and its index.</summary>
    public static void ThrowIfNotBipolar(ReadOnlySpan<float> values, string paramName, string model)
    {
        int bad = FirstNonBipolar(values);
        if (bad >= 0)
        {
            throw new ArgumentException($"{paramName} holds {values[bad]} at index {bad}; an {model}'s units are exactly +1 or −1.", paramName);
        }
    }

    /// <summary>Throws when a value is not exactly +1 or −1, naming the row and column of the first one.</summary>
    public static void ThrowIfNotBipolar(Matrix values, string paramName, string model)
    {
        int bad = FirstNonBipolar(values.AsSpan());
        if (bad >= 0)
        {
            int columns = Math.Max(values.Columns, 1);
            throw new ArgumentException(
                $"{paramName} holds {values.AsSpan()[bad]} at row {bad / columns}, column {bad % columns}; an {model} stores exactly ±1 values.", paramName);
        }
    }

    /// <summary>Throws when a vector's length differs from the model's size, naming both.</summary>
    public static void ThrowIfLengthMismatch(int actual, int expected, string paramName, string what = "neurons")
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{paramName} has length {actual} but the model has {expected} {what}.", paramName);
        }
    }

    /// <summary>Throws when a value is NaN or infinite.</summary>
    public static void ThrowIfNotFinite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be finite.");
        }
    }

    private static int FirstNonBipolar(ReadOnlySpan<float> values)
    {
        if (Canns.Numerics.Blas.IsBipolar(values)) return -1;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] != 1f && values[i] != -1f) return i;
        }
        return -1;
    }

    /// <summary>The index of the first NaN or infinite value, or −1: one vectorised sum, then a search only when it is not finite.</summary>
    public static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        // Sum is NaN or ±∞ exactly when some element is (or on overflow, which the scan below sorts out): one fast pass.
        if (float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(values)))
        {
            return -1;
        }
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return i;
        }
        return -1;
    }
}
