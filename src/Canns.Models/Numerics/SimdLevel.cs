using System.Runtime.Intrinsics;

namespace Canns.Numerics;

/// <summary>The vector width the kernels use, chosen once from the hardware.</summary>
internal enum SimdLevel
{
    /// <summary>One float at a time.</summary>
    Scalar,
    /// <summary>256-bit vectors (8 floats).</summary>
    Vector256,
    /// <summary>512-bit vectors (16 floats).</summary>
    Vector512,
}

internal static class SimdSupport
{
    /// <summary>The widest level this machine accelerates.</summary>
    public static SimdLevel Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdLevel.Vector512 :
        Vector256.IsHardwareAccelerated ? SimdLevel.Vector256 : SimdLevel.Scalar;
}
