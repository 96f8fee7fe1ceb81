using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>A compiled rate-rule kernel: one epoch over the samples in a given order, fused and allocation-free.</summary>
internal interface ILinearRuleKernel
{
    void RunEpoch(LinearRuleRun run);
}

/// <summary>
/// The fused per-sample loop of a rate-based rule, closed over the rule and the bounds so the JIT inlines both.
/// At 512 bits (without row normalisation) W is read once a sample: each row is updated and bounded, and while its new
/// values are in registers they are multiplied into the next sample's output, <c>y' = W x'</c>. Eight rows go together
/// (then four, two, one), so their dependency chains overlap (and Sanger's residual is loaded and stored once for them). Otherwise <c>y = W x</c>
/// comes from <see cref="RowDots"/> and each row is updated in a second pass, then normalised (Oja). Either way every
/// output is the model's own dot product (lane-wise fused multiply-adds, one horizontal sum, a scalar tail) and every
/// weight sees the step path's roundings, so the weights are bit-identical to it.
/// </summary>
internal sealed class LinearRuleKernel<TRule, TBounds> : ILinearRuleKernel
    where TRule : struct, ILinearRuleOp
    where TBounds : struct, IWeightBoundsOp
{
    private const int Lanes = 16;

    public void RunEpoch(LinearRuleRun run)
    {
        if (run.Order.Length == 0) return;
        if (!run.NormalizeRows && Blas.Level == SimdLevel.Vector512)
        {
            RunFused(run);
            return;
        }
        int m = run.Outputs, n = run.Inputs;
        var w = run.W.AsSpan(0, m * n);
        var y = run.Y.AsSpan(0, m);
        var residual = run.Residual.AsSpan(0, n);
        var theta = run.Theta;
        float[] data = run.Data.Data;
        long step = run.FirstStep;
        foreach (int sample in run.Order)
        {
            var x = new ReadOnlySpan<float>(data, sample * n, n);
            float eta = run.Schedule is null ? run.Rate : Schedules.Checked(run.Schedule, step);
            step++;
            RowDots.Compute(w, x, y);
            if (TRule.UsesResidual) x.CopyTo(residual);
            for (int i = 0; i < m; i++)
            {
                var row = w.Slice(i * n, n);
                RuleRows<TRule, TBounds>.Update(row, x, residual, y[i], eta, theta is null ? 0f : theta[i], run.MinWeight, run.MaxWeight);
                if (run.NormalizeRows) Normalize(row);
            }
            if (theta is not null) UpdateTheta(theta, run.Y, m, run.Tau);
        }
    }

    /// <summary>The one-pass epoch: see the class remarks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunFused(LinearRuleRun run)
    {
        int m = run.Outputs, n = run.Inputs;
        int[] order = run.Order;
        float[] y = run.Y, yNext = run.YNext, theta = run.Theta ?? [];
        bool hasTheta = run.Theta is not null;
        ref float data = ref MemoryMarshal.GetArrayDataReference(run.Data.Data);
        ref float w = ref MemoryMarshal.GetArrayDataReference(run.W);
        ref float residual = ref MemoryMarshal.GetArrayDataReference(run.Residual);
        float lo = run.MinWeight, hi = run.MaxWeight;
        long step = run.FirstStep;
        Span<float> coefficients = stackalloc float[8];
        RowDots.Compute(run.W.AsSpan(0, m * n), run.Data.Data.AsSpan(order[0] * n, n), y.AsSpan(0, m));
        for (int k = 0; k < order.Length; k++)
        {
            ref float x = ref Unsafe.Add(ref data, (nint)order[k] * n);
            // The next sample's input (the last sample's own, whose product is not used).
            ref float next = ref Unsafe.Add(ref data, (nint)order[Math.Min(k + 1, order.Length - 1)] * n);
            float eta = run.Schedule is null ? run.Rate : Schedules.Checked(run.Schedule, step);
            step++;
            if (TRule.UsesResidual) MemoryMarshal.CreateReadOnlySpan(ref x, n).CopyTo(MemoryMarshal.CreateSpan(ref residual, n));
            for (int i = 0; i < m;)
            {
                // Eight rows at a time, then four, two, one: the more rows together, the more dependency chains overlap.
                int rows = m - i >= 8 ? 8 : m - i >= 4 ? 4 : m - i >= 2 ? 2 : 1;
                for (int q = 0; q < rows; q++) coefficients[q] = TRule.Coefficient(eta, y[i + q], hasTheta ? theta[i + q] : 0f);
                ref float row = ref Unsafe.Add(ref w, (nint)i * n);
                ReadOnlySpan<float> a = coefficients[..rows], yi = y.AsSpan(i, rows);
                Span<float> dots = yNext.AsSpan(i, rows);
                switch (rows)
                {
                    case 8: UpdateRows<Eight>(ref row, n, ref x, ref next, ref residual, a, yi, dots, lo, hi); break;
                    case 4: UpdateRows<Four>(ref row, n, ref x, ref next, ref residual, a, yi, dots, lo, hi); break;
                    case 2: UpdateRows<Two>(ref row, n, ref x, ref next, ref residual, a, yi, dots, lo, hi); break;
                    default: UpdateRows<One>(ref row, n, ref x, ref next, ref residual, a, yi, dots, lo, hi); break;
                }
                i += rows;
            }
            if (hasTheta) UpdateTheta(theta, y, m, run.Tau);
            (y, yNext) = (yNext, y);
        }
    }

    /// <summary>
    /// Rows r … r + R − 1 of W (R = <typeparamref name="TRows"/>' count, from <paramref name="w0"/>, n apart) updated with the
    /// coefficients a and outputs y and bounded; their new dot products with <paramref name="next"/> go to <paramref name="dots"/>.
    /// Written for eight rows; the JIT drops the rows past R, whose guards are constants in each instantiation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateRows<TRows>(ref float w0, int n, ref float x, ref float next, ref float residual, ReadOnlySpan<float> a, ReadOnlySpan<float> y, Span<float> dots, float lo, float hi)
        where TRows : struct, IRowCount
    {
        ref float w1 = ref Unsafe.Add(ref w0, TRows.Count > 1 ? n : 0);
        ref float w2 = ref Unsafe.Add(ref w1, TRows.Count > 2 ? n : 0);
        ref float w3 = ref Unsafe.Add(ref w2, TRows.Count > 3 ? n : 0);
        ref float w4 = ref Unsafe.Add(ref w3, TRows.Count > 4 ? n : 0);
        ref float w5 = ref Unsafe.Add(ref w4, TRows.Count > 5 ? n : 0);
        ref float w6 = ref Unsafe.Add(ref w5, TRows.Count > 6 ? n : 0);
        ref float w7 = ref Unsafe.Add(ref w6, TRows.Count > 7 ? n : 0);
        Vector512<float> va0 = Vector512.Create(a[0]), vy0 = Vector512.Create(y[0]), s0 = default;
        Vector512<float> va1 = TRows.Count > 1 ? Vector512.Create(a[1]) : default, vy1 = TRows.Count > 1 ? Vector512.Create(y[1]) : default, s1 = default;
        Vector512<float> va2 = TRows.Count > 2 ? Vector512.Create(a[2]) : default, vy2 = TRows.Count > 2 ? Vector512.Create(y[2]) : default, s2 = default;
        Vector512<float> va3 = TRows.Count > 3 ? Vector512.Create(a[3]) : default, vy3 = TRows.Count > 3 ? Vector512.Create(y[3]) : default, s3 = default;
        Vector512<float> va4 = TRows.Count > 4 ? Vector512.Create(a[4]) : default, vy4 = TRows.Count > 4 ? Vector512.Create(y[4]) : default, s4 = default;
        Vector512<float> va5 = TRows.Count > 5 ? Vector512.Create(a[5]) : default, vy5 = TRows.Count > 5 ? Vector512.Create(y[5]) : default, s5 = default;
        Vector512<float> va6 = TRows.Count > 6 ? Vector512.Create(a[6]) : default, vy6 = TRows.Count > 6 ? Vector512.Create(y[6]) : default, s6 = default;
        Vector512<float> va7 = TRows.Count > 7 ? Vector512.Create(a[7]) : default, vy7 = TRows.Count > 7 ? Vector512.Create(y[7]) : default, s7 = default;
        Vector512<float> vlo = Vector512.Create(lo), vhi = Vector512.Create(hi);
        nuint end = (nuint)(n - n % Lanes);
        for (nuint j = 0; j < end; j += Lanes)
        {
            var xj = Vector512.LoadUnsafe(ref x, j);
            var nj = Vector512.LoadUnsafe(ref next, j);
            var r = TRule.UsesResidual ? Vector512.LoadUnsafe(ref residual, j) : default;
            var u0 = TBounds.Apply(TRule.Update(Vector512.LoadUnsafe(ref w0, j), xj, ref r, va0, vy0), vlo, vhi);
            u0.StoreUnsafe(ref w0, j);
            s0 = Vector512.FusedMultiplyAdd(u0, nj, s0);
            if (TRows.Count > 1)
            {
                var u1 = TBounds.Apply(TRule.Update(Vector512.LoadUnsafe(ref w1, j), xj, ref r, va1, vy1), vlo, vhi);
                u1.StoreUnsafe(ref w1, j);
                s1 = Vector512.FusedMultiplyAdd(u1, nj, s1);
            }
            if (TRows.Count > 2)
            {
                var u2 = TBounds.Apply(TRule.Update(Vector512.LoadUnsafe(ref w2, j), xj, ref r, va2, vy2), vlo, vhi);
                u2.StoreUnsafe(ref w2, j);
                s2 = Vector512.FusedMultiplyAdd(u2, nj, s2);
            }
            if (TRows.Count > 3)
            {
                var u3 = TBounds.Apply(TRule.Update(Vector512.LoadUnsafe(ref w3, j), xj, ref r, va3, vy3), vlo, vhi);
                u3.StoreUnsafe(ref w3, j);
                s3 = Vector512.FusedMultiplyAdd(u3, nj, s3);
            }
            if (TRows.Count > 4)
            {
                var u4 = TBounds.Apply(TRule.Update(Vector512.LoadUnsafe(ref w4, j), xj, ref r, va4, vy4), vlo, vhi);
                u4.StoreUnsafe(ref w4, j);
                s4 = Vector512.FusedMultiplyAdd(u4, nj, s4);
            }
            if (TRows.Count > 5)
            {
                var u5 = TBounds.Apply(TRule.Update(Vector512.LoadUnsafe(ref w5, j), xj, ref r, va5, vy5), vlo, vhi);
                u5.StoreUnsafe(ref w5, j);
                s5 = Vector512.FusedMultiplyAdd(u5, nj, s5);
            }
            if (TRows.Count > 6)
            {
                var u6 = TBounds.Apply(TRule.Update(Vector512.LoadUnsafe(ref w6, j), xj, ref r, va6, vy6), vlo, vhi);
                u6.StoreUnsafe(ref w6, j);
                s6 = Vector512.FusedMultiplyAdd(u6, nj, s6);
            }
            if (TRows.Count > 7)
            {
                var u7 = TBounds.Apply(TRule.Update(Vector512.LoadUnsafe(ref w7, j), xj, ref r, va7, vy7), vlo, vhi);
                u7.StoreUnsafe(ref w7, j);
                s7 = Vector512.FusedMultiplyAdd(u7, nj, s7);
            }
            if (TRule.UsesResidual) r.StoreUnsafe(ref residual, j);
        }
        for (int j = (int)end; j < n; j++)
        {
            float r = TRule.UsesResidual ? Unsafe.Add(ref residual, j) : 0f, xj = Unsafe.Add(ref x, j);
            for (int q = 0; q < TRows.Count; q++)
            {
                ref float wq = ref Unsafe.Add(ref w0, (nint)q * n + j);
                wq = TBounds.Apply(TRule.Update(wq, xj, ref r, a[q], y[q]), lo, hi);
            }
            if (TRule.UsesResidual) Unsafe.Add(ref residual, j) = r;
        }
        dots[0] = DotTail(ref w0, ref next, (int)end, n, Simd512.Sum(s0));
        if (TRows.Count > 1) dots[1] = DotTail(ref w1, ref next, (int)end, n, Simd512.Sum(s1));
        if (TRows.Count > 2) dots[2] = DotTail(ref w2, ref next, (int)end, n, Simd512.Sum(s2));
        if (TRows.Count > 3) dots[3] = DotTail(ref w3, ref next, (int)end, n, Simd512.Sum(s3));
        if (TRows.Count > 4) dots[4] = DotTail(ref w4, ref next, (int)end, n, Simd512.Sum(s4));
        if (TRows.Count > 5) dots[5] = DotTail(ref w5, ref next, (int)end, n, Simd512.Sum(s5));
        if (TRows.Count > 6) dots[6] = DotTail(ref w6, ref next, (int)end, n, Simd512.Sum(s6));
        if (TRows.Count > 7) dots[7] = DotTail(ref w7, ref next, (int)end, n, Simd512.Sum(s7));
    }

    /// <summary>The scalar tail of a dot product, in <see cref="RowDots"/>' order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float DotTail(ref float row, ref float x, int from, int to, float sum)
    {
        for (int p = from; p < to; p++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref row, p), Unsafe.Add(ref x, p), sum);
        return sum;
    }

    /// <summary>BCM's sliding threshold: <c>θ_i ← θ_i + (y_i² − θ_i)/τ</c>.</summary>
    private static void UpdateTheta(float[] theta, float[] y, int m, float tau)
    {
        for (int i = 0; i < m; i++) theta[i] = theta[i] + (y[i] * y[i] - theta[i]) / tau;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Normalize(Span<float> row)
    {
        float norm2 = Blas.Dot(row, row);
        if (norm2 > 0f)
        {
            float scale = 1f / MathF.Sqrt(norm2);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, scale, row);
        }
    }
}

/// <summary>A number of rows the one-pass rate-rule kernel takes together, as a type, so each count gets its own code.</summary>
internal interface IRowCount
{
    static abstract int Count { get; }
}

internal readonly struct One : IRowCount
{
    public static int Count => 1;
}

internal readonly struct Two : IRowCount
{
    public static int Count => 2;
}

internal readonly struct Four : IRowCount
{
    public static int Count => 4;
}

internal readonly struct Eight : IRowCount
{
    public static int Count => 8;
}
