using System.Buffers;
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
        float[] s = probe.ToArray();
        float[] buffer = ArrayPool<float>.Shared.Rent(n);
        try
        {
            return Recall(weights, n, s, buffer, d, options);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>The single-probe loop; <paramref name="h"/> (at least n long) holds the field. The products use both cores at large N.</summary>
    private static RecallResult Recall(float[] weights, int n, float[] s, float[] h, HopfieldDynamics d, RecallOptions options)
    {
        List<double>? trace = options.RecordEnergyTrace ? [] : null;
        var field = h.AsSpan(0, n);
        Blas.Gemv(weights, n, s, n, h);
        trace?.Add(HopfieldMath.Energy(s, field, d.Threshold));
        int iterations = options.MaxIterations;
        bool converged = false;
        for (int it = 1; it <= options.MaxIterations; it++)
        {
            double change = TAct.Apply(field, s, d.Threshold, d.Temperature);
            if (TAct.IsDiscrete && change == 0)
            {
                trace?.Add(HopfieldMath.Energy(s, field, d.Threshold));
                (iterations, converged) = (it, true);
                break;
            }
            Blas.Gemv(weights, n, s, n, h);
            trace?.Add(HopfieldMath.Energy(s, field, d.Threshold));
            if (!TAct.IsDiscrete && change < options.Tolerance)
            {
                (iterations, converged) = (it, true);
                break;
            }
        }
        return new RecallResult(s, iterations, converged, HopfieldMath.Energy(s, field, d.Threshold), trace);
    }

    public void RecallBatch(float[] weights, int n, Matrix probes, HopfieldDynamics d, RecallOptions options,
        RecallResult[] results, Action<int>? onProbeDone, CancellationToken cancellationToken)
    {
        // The states and fields of the whole batch are the big buffers (2·B·N floats): rented, not allocated per call.
        int batch = probes.Rows;
        float[] s = ArrayPool<float>.Shared.Rent(batch * n);
        float[] h = ArrayPool<float>.Shared.Rent(batch * n);
        try
        {
            probes.Data.AsSpan(0, batch * n).CopyTo(s);
            RecallBatch(weights, n, batch, s, h, d, options, results, onProbeDone, cancellationToken);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(s);
            ArrayPool<float>.Shared.Return(h);
        }
    }

    private static void RecallBatch(float[] weights, int n, int batch, float[] s, float[] h, HopfieldDynamics d, RecallOptions options,
        RecallResult[] results, Action<int>? onProbeDone, CancellationToken cancellationToken)
    {
        var ids = new int[batch];
        for (int i = 0; i < batch; i++) ids[i] = i;
        List<double>[]? traces = options.RecordEnergyTrace ? new List<double>[batch] : null;
        int active = batch;
        Blas.GemmNT(s, active, weights, n, n, h);
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
            Blas.GemmNT(s, active, weights, n, n, h);
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
}
