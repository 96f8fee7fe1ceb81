using System.Numerics;
using System.Runtime.CompilerServices;

namespace Canns.Trainers;

/// <summary>
/// One synapse's STDP update from the potentiation term p and depression term d, in scalar and vector form with the
/// same roundings (no fused multiply-adds), so the event-driven kernel matches the dense step path bit for bit.
/// </summary>
internal interface IStdpBoundsOp
{
    static abstract float Apply(float w, float p, float d, float lo, float hi);

    static abstract Vector<float> Apply(Vector<float> w, Vector<float> p, Vector<float> d, Vector<float> lo, Vector<float> hi);
}

/// <summary><c>w + (p − d)</c>.</summary>
internal readonly struct StdpUnbounded : IStdpBoundsOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float w, float p, float d, float lo, float hi) => w + (p - d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Apply(Vector<float> w, Vector<float> p, Vector<float> d, Vector<float> lo, Vector<float> hi) => w + (p - d);
}

/// <summary><c>min(max(w + (p − d), lo), hi)</c>.</summary>
internal readonly struct StdpHardBounds : IStdpBoundsOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float w, float p, float d, float lo, float hi) => MathF.Min(MathF.Max(w + (p - d), lo), hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Apply(Vector<float> w, Vector<float> p, Vector<float> d, Vector<float> lo, Vector<float> hi) =>
        Vector.Min(Vector.Max(w + (p - d), lo), hi);
}

/// <summary><c>min(max(w + (p (hi − w) − d (w − lo)), lo), hi)</c>.</summary>
internal readonly struct StdpSoftBounds : IStdpBoundsOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float w, float p, float d, float lo, float hi) =>
        MathF.Min(MathF.Max(w + (p * (hi - w) - d * (w - lo)), lo), hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Apply(Vector<float> w, Vector<float> p, Vector<float> d, Vector<float> lo, Vector<float> hi) =>
        Vector.Min(Vector.Max(w + (p * (hi - w) - d * (w - lo)), lo), hi);
}

/// <summary>The dense step path's scalar form of the same three updates.</summary>
internal static class StdpUpdate
{
    public static float Apply(StdpBounds bounds, float w, float p, float d, float lo, float hi) => bounds switch
    {
        StdpBounds.None => StdpUnbounded.Apply(w, p, d, lo, hi),
        StdpBounds.Hard => StdpHardBounds.Apply(w, p, d, lo, hi),
        _ => StdpSoftBounds.Apply(w, p, d, lo, hi),
    };
}
