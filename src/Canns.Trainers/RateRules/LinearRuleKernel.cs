using System.Runtime.CompilerServices;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>A compiled rate-rule kernel: one epoch over the samples in a given order, fused and allocation-free.</summary>
internal interface ILinearRuleKernel
{
    void RunEpoch(LinearRuleRun run);
}

/// <summary>
/// The fused per-sample loop of a rate-based rule, closed over the rule and the bounds so the JIT inlines both:
/// <c>y = W x</c> (the model's own dot products, four rows at a time: <see cref="RowDots"/>), each row updated and bounded in one pass, then θ (BCM) and the
/// optional row normalisation (Oja).
/// </summary>
internal sealed class LinearRuleKernel<TRule, TBounds> : ILinearRuleKernel
    where TRule : struct, ILinearRuleOp
    where TBounds : struct, IWeightBoundsOp
{
    public void RunEpoch(LinearRuleRun run)
    {
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
                TRule.UpdateRow(row, x, residual, y[i], eta, theta is null ? 0f : theta[i]);
                TBounds.Apply(row, run.WeightMin, run.WeightMax);
                if (run.NormalizeRows) Normalize(row);
            }
            if (theta is not null)
            {
                for (int i = 0; i < m; i++) theta[i] = theta[i] + (y[i] * y[i] - theta[i]) / run.Tau;
            }
        }
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
