using System.Runtime.Intrinsics;

namespace Canns.Trainers;

/// <summary>The vector width the local-rule kernels use, shared by the struct driver and the expression compiler.</summary>
internal static class VectorLanes
{
    /// <summary>
    /// Float lanes of the widest vector the hardware accelerates: 16 with AVX-512, 8 with AVX2, 4 with SSE or Arm
    /// AdvSIMD, 1 (scalar loops only) without a vector unit. A JIT-time constant.
    /// </summary>
    public static int Widest =>
        Vector512.IsHardwareAccelerated ? Vector512<float>.Count
        : Vector256.IsHardwareAccelerated ? Vector256<float>.Count
        : Vector128.IsHardwareAccelerated ? Vector128<float>.Count
        : 1;
}
