using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Canns.Trainers;

/// <summary>
/// One rate-based local rule's row update, written once with <see cref="Vector512{T}"/> lanes and the same scalar
/// operations in the tail. No fused multiply-adds: every element sees exactly the roundings of the scalar step path.
/// </summary>
internal interface ILinearRuleOp
{
    /// <summary>Whether <see cref="UpdateRow"/> reads the running residual (which then starts at x each sample).</summary>
    static abstract bool UsesResidual { get; }

    /// <summary>Updates row i of W in place from the input x, its output y_i, the rate η and θ_i (BCM only).</summary>
    static abstract void UpdateRow(Span<float> w, ReadOnlySpan<float> x, Span<float> residual, float y, float eta, float theta);
}

/// <summary>Oja: <c>w_j ← w_j + (η y)(x_j − y w_j)</c>.</summary>
internal readonly struct OjaRule : ILinearRuleOp
{
    public static bool UsesResidual => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void UpdateRow(Span<float> w, ReadOnlySpan<float> x, Span<float> residual, float y, float eta, float theta)
    {
        float a = eta * y;
        ref float pw = ref MemoryMarshal.GetReference(w);
        ref float px = ref MemoryMarshal.GetReference(x);
        int n = w.Length, j = 0;
        var va = Vector512.Create(a);
        var vy = Vector512.Create(y);
        for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
        {
            var wj = Vector512.LoadUnsafe(ref pw, (nuint)j);
            (wj + va * (Vector512.LoadUnsafe(ref px, (nuint)j) - vy * wj)).StoreUnsafe(ref pw, (nuint)j);
        }
        for (; j < n; j++)
        {
            float wj = Unsafe.Add(ref pw, j);
            Unsafe.Add(ref pw, j) = wj + a * (Unsafe.Add(ref px, j) - y * wj);
        }
    }
}

/// <summary>Sanger: <c>r_j ← r_j − y w_j</c> (r starts at x, so it holds <c>x − Σ_{k≤i} y_k w_k</c>), then <c>w_j ← w_j + (η y) r_j</c>.</summary>
internal readonly struct SangerRule : ILinearRuleOp
{
    public static bool UsesResidual => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void UpdateRow(Span<float> w, ReadOnlySpan<float> x, Span<float> residual, float y, float eta, float theta)
    {
        float a = eta * y;
        ref float pw = ref MemoryMarshal.GetReference(w);
        ref float pr = ref MemoryMarshal.GetReference(residual);
        int n = w.Length, j = 0;
        var va = Vector512.Create(a);
        var vy = Vector512.Create(y);
        for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
        {
            var wj = Vector512.LoadUnsafe(ref pw, (nuint)j);
            var rj = Vector512.LoadUnsafe(ref pr, (nuint)j) - vy * wj;
            rj.StoreUnsafe(ref pr, (nuint)j);
            (wj + va * rj).StoreUnsafe(ref pw, (nuint)j);
        }
        for (; j < n; j++)
        {
            float wj = Unsafe.Add(ref pw, j);
            float rj = Unsafe.Add(ref pr, j) - y * wj;
            Unsafe.Add(ref pr, j) = rj;
            Unsafe.Add(ref pw, j) = wj + a * rj;
        }
    }
}

/// <summary>BCM: <c>w_j ← w_j + (η (y (y − θ))) x_j</c>.</summary>
internal readonly struct BcmRule : ILinearRuleOp
{
    public static bool UsesResidual => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void UpdateRow(Span<float> w, ReadOnlySpan<float> x, Span<float> residual, float y, float eta, float theta)
    {
        float a = eta * (y * (y - theta));
        ref float pw = ref MemoryMarshal.GetReference(w);
        ref float px = ref MemoryMarshal.GetReference(x);
        int n = w.Length, j = 0;
        var va = Vector512.Create(a);
        for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
        {
            (Vector512.LoadUnsafe(ref pw, (nuint)j) + va * Vector512.LoadUnsafe(ref px, (nuint)j)).StoreUnsafe(ref pw, (nuint)j);
        }
        for (; j < n; j++)
        {
            Unsafe.Add(ref pw, j) = Unsafe.Add(ref pw, j) + a * Unsafe.Add(ref px, j);
        }
    }
}

/// <summary>What happens to a row after its update: nothing, or clamping to [lo, hi].</summary>
internal interface IWeightBoundsOp
{
    static abstract void Apply(Span<float> w, float lo, float hi);
}

/// <summary>No bounds.</summary>
internal readonly struct Unbounded : IWeightBoundsOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(Span<float> w, float lo, float hi)
    {
    }
}

/// <summary>Hard bounds: <c>w ← min(max(w, lo), hi)</c>.</summary>
internal readonly struct ClampBounds : IWeightBoundsOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(Span<float> w, float lo, float hi)
    {
        ref float pw = ref MemoryMarshal.GetReference(w);
        int n = w.Length, j = 0;
        var vlo = Vector512.Create(lo);
        var vhi = Vector512.Create(hi);
        for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
        {
            Vector512.Min(Vector512.Max(Vector512.LoadUnsafe(ref pw, (nuint)j), vlo), vhi).StoreUnsafe(ref pw, (nuint)j);
        }
        for (; j < n; j++) Unsafe.Add(ref pw, j) = MathF.Min(MathF.Max(Unsafe.Add(ref pw, j), lo), hi);
    }
}
