using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// Fused synchronous recall for one activation: one matrix-vector product per step, the activation and the change
/// test in one pass, and the energy taken from the last field (<c>E = −½ s·h + θ Σ s</c>) instead of another product.
/// A batch runs as matrix-matrix products over the probes that have not converged yet.
/// </summary>
internal sealed class SynchronousRecallKernel<TAct> : IRecallKernel where TAct : struct, IActivationOp
{
    public RecallResult Recall(float[] weights, int n, ReadOnlySpan<float> probe, HopfieldDynamics d, RecallOptions options)
    {
        var w = weights.AsSpan(0, n * n);
        float[] s = probe.ToArray();
        var h = new float[n];
        List<double>? trace = options.RecordEnergyTrace ? [] : null;
        Blas.Gemv(w, n, s, h);
        trace?.Add(HopfieldMath.Energy(s, h, d.Threshold));
        int iterations = options.MaxIterations;
        bool converged = false;
        for (int it = 1; it <= options.MaxIterations; it++)
        {
            double change = TAct.Apply(h, s, d.Threshold, d.Temperature);
            if (TAct.IsDiscrete && change == 0)
            {
                trace?.Add(HopfieldMath.Energy(s, h, d.Threshold));
                (iterations, converged) = (it, true);
                break;
            }
            Blas.Gemv(w, n, s, h);
            trace?.Add(HopfieldMath.Energy(s, h, d.Threshold));
            if (!TAct.IsDiscrete && change < options.Tolerance)
            {
                (iterations, converged) = (it, true);
                break;
            }
        }
        return new RecallResult(s, iterations, converged, HopfieldMath.Energy(s, h, d.Threshold), trace);
    }

    public void RecallBatch(float[] weights, int n, Matrix probes, HopfieldDynamics d, RecallOptions options,
        RecallResult[] results, Action<int>? onProbeDone, CancellationToken cancellationToken)
    {
        int batch = probes.Rows;
        var s = (float[])probes.Data.Clone();
        var h = new float[(long)batch * n];
        var hT = new float[(long)batch * n];
        var ids = new int[batch];
        for (int i = 0; i < batch; i++) ids[i] = i;
        List<double>[]? traces = options.RecordEnergyTrace ? new List<double>[batch] : null;
        int active = batch;
        Fields(weights, n, s, active, h, hT);
        if (traces is not null)
        {
            for (int r = 0; r < batch; r++) traces[r] = [HopfieldMath.Energy(Row(s, r, n), Row(h, r, n), d.Threshold)];
        }
        var change = new double[batch];
        for (int it = 1; it <= options.MaxIterations && active > 0; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int r = 0; r < active; r++) change[r] = TAct.Apply(Row(h, r, n), Row(s, r, n), d.Threshold, d.Temperature);
            if (TAct.IsDiscrete)
            {
                active = Retire(active, r => change[r] == 0, it, converged: true);
                if (active == 0) break;
            }
            Fields(weights, n, s, active, h, hT);
            if (traces is not null)
            {
                for (int r = 0; r < active; r++) traces[ids[r]].Add(HopfieldMath.Energy(Row(s, r, n), Row(h, r, n), d.Threshold));
            }
            if (!TAct.IsDiscrete)
            {
                active = Retire(active, r => change[r] < options.Tolerance, it, converged: true);
            }
        }
        Retire(active, _ => true, options.MaxIterations, converged: false);

        // Moves the rows that satisfy `done` into results and compacts the rest to the front; returns how many remain.
        int Retire(int count, Func<int, bool> done, int iterations, bool converged)
        {
            int kept = 0;
            for (int r = 0; r < count; r++)
            {
                if (done(r))
                {
                    if (converged && TAct.IsDiscrete) traces?[ids[r]].Add(HopfieldMath.Energy(Row(s, r, n), Row(h, r, n), d.Threshold));
                    int id = ids[r];
                    results[id] = new RecallResult(Row(s, r, n).ToArray(), iterations, converged,
                        HopfieldMath.Energy(Row(s, r, n), Row(h, r, n), d.Threshold), traces?[id]);
                    onProbeDone?.Invoke(id);
                    continue;
                }
                if (kept != r)
                {
                    Row(s, r, n).CopyTo(Row(s, kept, n));
                    Row(h, r, n).CopyTo(Row(h, kept, n));
                    ids[kept] = ids[r];
                    change[kept] = change[r];
                }
                kept++;
            }
            return kept;
        }
    }

    private static Span<float> Row(float[] buffer, int row, int n) => buffer.AsSpan(row * n, n);

    /// <summary>
    /// The fields of the first <paramref name="active"/> probes, <c>h = s Wᵀ</c> (active × N), computed as
    /// <c>(W sᵀ)ᵀ</c>. Every element is the same ordered dot product either way (the seam forms each element in one
    /// fixed order, and a fused multiply-add does not depend on which factor comes first), so the result is bit for
    /// bit what <c>s Wᵀ</c> gives; but with W as the left operand each small block of W rows is loaded once and
    /// meets every probe, instead of all of W streaming through the cache for every four probes.
    /// </summary>
    private static void Fields(float[] weights, int n, float[] s, int active, float[] h, float[] hT)
    {
        Blas.GemmNT(weights, n, s, active, n, hT);
        const int block = 32;
        for (int j0 = 0; j0 < n; j0 += block)
        {
            int j1 = Math.Min(n, j0 + block);
            for (int i = 0; i < active; i++)
            {
                long row = (long)i * n;
                for (int j = j0; j < j1; j++) h[row + j] = hT[(long)j * active + i];
            }
        }
    }
}
