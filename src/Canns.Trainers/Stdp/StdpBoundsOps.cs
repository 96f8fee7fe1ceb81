using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Canns.Trainers;

/// <summary>
/// One synapse's STDP update from the potentiation term p and depression term d, in scalar and vector form with the
/// same roundings (no fused multiply-adds), so the event-driven kernel matches the dense step path bit for bit.
/// </summary>
internal interface IStdpBoundsOp
{
    static abstract float Apply(float w, float p, float d, float lo, float hi);

    static abstract Vector512<float> Apply(Vector512<float> w, Vector512<float> p, Vector512<float> d, Vector512<float> lo, Vector512<float> hi);

    /// <summary>
    /// <c>Apply(w, p, +0, lo, hi)</c> for p ≥ +0 and lo ≤ w ≤ hi, without the operations that are exact identities
    /// there: <c>p − (+0) = p</c>, <c>(+0)(w − lo) = +0</c>, and the lower clamp, since the rounded sum of w and a
    /// non-negative term is ≥ w ≥ lo.
    /// </summary>
    static abstract Vector512<float> Potentiate(Vector512<float> w, Vector512<float> p, Vector512<float> lo, Vector512<float> hi);
}

/// <summary><c>w + (p − d)</c>.</summary>
internal readonly struct StdpUnbounded : IStdpBoundsOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float w, float p, float d, float lo, float hi) => w + (p - d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> w, Vector512<float> p, Vector512<float> d, Vector512<float> lo, Vector512<float> hi) => w + (p - d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Potentiate(Vector512<float> w, Vector512<float> p, Vector512<float> lo, Vector512<float> hi) => w + p;
}

/// <summary><c>min(max(w + (p − d), lo), hi)</c>.</summary>
internal readonly struct StdpHardBounds : IStdpBoundsOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float w, float p, float d, float lo, float hi) => MathF.Min(MathF.Max(w + (p - d), lo), hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> w, Vector512<float> p, Vector512<float> d, Vector512<float> lo, Vector512<float> hi) =>
        Vector512.Min(Vector512.Max(w + (p - d), lo), hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Potentiate(Vector512<float> w, Vector512<float> p, Vector512<float> lo, Vector512<float> hi) =>
        Vector512.Min(w + p, hi);
}

/// <summary><c>min(max(w + (p (hi − w) − d (w − lo)), lo), hi)</c>.</summary>
internal readonly struct StdpSoftBounds : IStdpBoundsOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float w, float p, float d, float lo, float hi) =>
        MathF.Min(MathF.Max(w + (p * (hi - w) - d * (w - lo)), lo), hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> w, Vector512<float> p, Vector512<float> d, Vector512<float> lo, Vector512<float> hi) =>
        Vector512.Min(Vector512.Max(w + (p * (hi - w) - d * (w - lo)), lo), hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Potentiate(Vector512<float> w, Vector512<float> p, Vector512<float> lo, Vector512<float> hi) =>
        Vector512.Min(w + p * (hi - w), hi);
}

/// <summary>The dense step path's scalar form of the same three updates.</summary>
internal static class StdpUpdate
{
    /// <summary>
    /// η A₊ and η A₋ of one step. Refused when either overflows float32: p = (s_post η A₊) x̄ would be 0 · ∞ = NaN for
    /// every output that did not spike on the dense path, which the event-driven path never computes, so the two would
    /// disagree (one failing, the other not).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A product is not finite.</exception>
    public static (float Plus, float Minus) Amplitudes(float eta, float aPlus, float aMinus, long step)
    {
        float plus = eta * aPlus, minus = eta * aMinus;
        if (!float.IsFinite(plus) || !float.IsFinite(minus))
        {
            throw new ArgumentOutOfRangeException("schedule", eta,
                $"At step {step} the learning rate {eta} times APlus ({aPlus}) or AMinus ({aMinus}) overflows float32; the schedule's rate is too large for these amplitudes.");
        }
        return (plus, minus);
    }

    public static float Apply(StdpBounds bounds, float w, float p, float d, float lo, float hi) => bounds switch
    {
        StdpBounds.None => StdpUnbounded.Apply(w, p, d, lo, hi),
        StdpBounds.Hard => StdpHardBounds.Apply(w, p, d, lo, hi),
        _ => StdpSoftBounds.Apply(w, p, d, lo, hi),
    };
}
