using System.Runtime.CompilerServices;

namespace Canns.Numerics;

/// <summary>
/// Row-major packed storage of the lower triangle of a symmetric n × n matrix: row i holds elements (i, 0..i) and
/// starts at <c>i(i+1)/2</c>. Half the memory of the square, which matters for the Gram matrix at N = 16,384.
/// </summary>
internal static class PackedLower
{
    /// <summary>The number of stored elements, <c>n(n+1)/2</c>.</summary>
    public static long Length(int n) => (long)n * (n + 1) / 2;

    /// <summary>Where row <paramref name="i"/> starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RowStart(int i) => (long)i * (i + 1) / 2;
}
