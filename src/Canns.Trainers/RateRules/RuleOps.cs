using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Canns.Trainers;

/// <summary>
/// One rate-based local rule's update of a weight, written once for <see cref="Vector512{T}"/> lanes and once for a
/// scalar with the same operations. No fused multiply-adds: every element sees exactly the roundings of the scalar step
/// path.
/// </summary>
internal interface ILinearRuleOp
{
    /// <summary>Whether the update reads the running residual (which then starts at x each sample).</summary>
    static abstract bool UsesResidual { get; }

    /// <summary>The row's coefficient a from the rate η, the row's output y_i and θ_i (BCM only).</summary>
    static abstract float Coefficient(float eta, float y, float theta);

    /// <summary>The new weights from the old w, the input x, the residual r (updated in place when used), a and y_i.</summary>
    static abstract Vector512<float> Update(Vector512<float> w, Vector512<float> x, ref Vector512<float> r, Vector512<float> a, Vector512<float> y);

    /// <inheritdoc cref="Update(Vector512{float}, Vector512{float}, ref Vector512{float}, Vector512{float}, Vector512{float})"/>
    static abstract float Update(float w, float x, ref float r, float a, float y);
}

/// <summary>Oja: <c>w_j ← w_j + (η y)(x_j − y w_j)</c>.</summary>
internal readonly struct OjaRule : ILinearRuleOp
{
    public static bool UsesResidual => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Coefficient(float eta, float y, float theta) => eta * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Update(Vector512<float> w, Vector512<float> x, ref Vector512<float> r, Vector512<float> a, Vector512<float> y) =>
        w + a * (x - y * w);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Update(float w, float x, ref float r, float a, float y) => w + a * (x - y * w);
}

/// <summary>Sanger: <c>r_j ← r_j − y w_j</c> (r starts at x, so it holds <c>x − Σ_{k≤i} y_k w_k</c>), then <c>w_j ← w_j + (η y) r_j</c>.</summary>
internal readonly struct SangerRule : ILinearRuleOp
{
    public static bool UsesResidual => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Coefficient(float eta, float y, float theta) => eta * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Update(Vector512<float> w, Vector512<float> x, ref Vector512<float> r, Vector512<float> a, Vector512<float> y)
    {
        r -= y * w;
        return w + a * r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Update(float w, float x, ref float r, float a, float y)
    {
        r -= y * w;
        return w + a * r;
    }
}

/// <summary>BCM: <c>w_j ← w_j + (η (y (y − θ))) x_j</c>.</summary>
internal readonly struct BcmRule : ILinearRuleOp
{
    public static bool UsesResidual => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Coefficient(float eta, float y, float theta) => eta * (y * (y - theta));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Update(Vector512<float> w, Vector512<float> x, ref Vector512<float> r, Vector512<float> a, Vector512<float> y) =>
        w + a * x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Update(float w, float x, ref float r, float a, float y) => w + a * x;
}

/// <summary>What happens to a weight after its update: nothing, or clamping to [lo, hi].</summary>
internal interface IWeightBoundsOp
{
    static abstract Vector512<float> Apply(Vector512<float> w, Vector512<float> lo, Vector512<float> hi);

    static abstract float Apply(float w, float lo, float hi);
}

/// <summary>No bounds.</summary>
internal readonly struct Unbounded : IWeightBoundsOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> w, Vector512<float> lo, Vector512<float> hi) => w;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float w, float lo, float hi) => w;
}

/// <summary>
/// Hard bounds: <c>w ← min(max(w, lo), hi)</c>, except that ±∞ becomes NaN: an update that overflowed float32 must not
/// pass for a step to the bound (NaN survives Max/Min, so the end-of-training check sees it and rolls back).
/// </summary>
internal readonly struct ClampBounds : IWeightBoundsOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> w, Vector512<float> lo, Vector512<float> hi)
    {
        var finite = Vector512.ConditionalSelect(
            Vector512.Equals(Vector512.Abs(w), Vector512.Create(float.PositiveInfinity)), Vector512.Create(float.NaN), w);
        return Vector512.Min(Vector512.Max(finite, lo), hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float w, float lo, float hi) => MathF.Min(MathF.Max(float.IsInfinity(w) ? float.NaN : w, lo), hi);
}

/// <summary>The row updates built from a rule and its bounds.</summary>
internal static class RuleRows<TRule, TBounds>
    where TRule : struct, ILinearRuleOp
    where TBounds : struct, IWeightBoundsOp
{
    private const int Lanes = 16;

    /// <summary>Updates and bounds row i of W in place from x, the residual, the output y_i, the rate η and θ_i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Update(Span<float> w, ReadOnlySpan<float> x, Span<float> residual, float y, float eta, float theta, float lo, float hi)
    {
        float a = TRule.Coefficient(eta, y, theta);
        ref float pw = ref MemoryMarshal.GetReference(w);
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pr = ref MemoryMarshal.GetReference(residual);
        int n = w.Length, j = 0;
        Vector512<float> va = Vector512.Create(a), vy = Vector512.Create(y), vlo = Vector512.Create(lo), vhi = Vector512.Create(hi);
        for (; j <= n - Lanes; j += Lanes)
        {
            var r = TRule.UsesResidual ? Vector512.LoadUnsafe(ref pr, (nuint)j) : default;
            var wj = TRule.Update(Vector512.LoadUnsafe(ref pw, (nuint)j), Vector512.LoadUnsafe(ref px, (nuint)j), ref r, va, vy);
            if (TRule.UsesResidual) r.StoreUnsafe(ref pr, (nuint)j);
            TBounds.Apply(wj, vlo, vhi).StoreUnsafe(ref pw, (nuint)j);
        }
        for (; j < n; j++)
        {
            float r = TRule.UsesResidual ? Unsafe.Add(ref pr, j) : 0f;
            float wj = TRule.Update(Unsafe.Add(ref pw, j), Unsafe.Add(ref px, j), ref r, a, y);
            if (TRule.UsesResidual) Unsafe.Add(ref pr, j) = r;
            Unsafe.Add(ref pw, j) = TBounds.Apply(wj, lo, hi);
        }
    }
}
