using System.Buffers;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// Fused synchronous recall for one activation: one matrix-vector product per step, the activation and the change
/// test in one pass, and the energy taken from the last field (<c>E = −½ s·h + θ Σ s</c>) instead of another product.
/// A batch runs as matrix-matrix products over the probes that have not converged yet.
/// </summary>
/// <remarks>
/// Sign dynamics also stop early on a two-cycle. When the state after step t equals, bit for bit, the state after
/// step t − 2, the next field equals the field two steps back (same W, same state, same kernel, same order) and the
/// tie rule sees the same previous values, so the states alternate from then on. The remaining steps are then
/// resolved without computing them: the final state is s_t or s_{t−1} by the parity of the steps left, the energy
/// trace alternates, and the result (not converged, the full step count) is exactly what running every step gives.
/// Synchronous dynamics with symmetric W always end in a fixed point or a two-cycle (Goles–Olivos 1980), so at high
/// load this removes most of the work.
/// </remarks>
internal sealed class SynchronousRecallKernel<TAct> : IRecallKernel where TAct : struct, IActivationOp
{
    public RecallResult Recall(RecallWeights weights, ReadOnlySpan<float> probe, HopfieldDynamics d, RecallOptions options)
    {
        if (IncrementalSignRecall.Applies<TAct>(weights, options))
        {
            return IncrementalSignRecall.Synchronous(weights, probe, d.Threshold, options);
        }
        int n = weights.Size;
        float[] s = probe.ToArray();
        // The field, and for sign dynamics the two previous states and the previous field (two-cycle detection).
        float[] buffer = ArrayPool<float>.Shared.Rent(TAct.IsDiscrete ? 4 * n : n);
        try
        {
            return Recall(weights.Buffer, n, s, buffer, d, options);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>The single-probe loop; <paramref name="buffer"/> holds the field (and the cycle-detection rows). The products use both cores at large N.</summary>
    private static RecallResult Recall(float[] weights, int n, float[] s, float[] buffer, HopfieldDynamics d, RecallOptions options)
    {
        List<double>? trace = options.RecordEnergyTrace ? [] : null;
        var field = buffer.AsSpan(0, n);
        var cycle = TAct.IsDiscrete ? new CycleRows(buffer.AsSpan(n, n), buffer.AsSpan(2 * n, n), buffer.AsSpan(3 * n, n)) : default;
        Blas.Gemv(weights, n, s, n, buffer);
        trace?.Add(HopfieldMath.Energy(s, field, d.Threshold));
        int iterations = options.MaxIterations;
        bool converged = false;
        for (int it = 1; it <= options.MaxIterations; it++)
        {
            if (TAct.IsDiscrete) cycle.Shift(s, field);
            double change = TAct.Apply(field, s, d.Threshold, d.Temperature);
            if (TAct.IsDiscrete && change == 0)
            {
                trace?.Add(HopfieldMath.Energy(s, field, d.Threshold));
                (iterations, converged) = (it, true);
                break;
            }
            Blas.Gemv(weights, n, s, n, buffer);
            trace?.Add(HopfieldMath.Energy(s, field, d.Threshold));
            if (!TAct.IsDiscrete && change < options.Tolerance)
            {
                (iterations, converged) = (it, true);
                break;
            }
            if (TAct.IsDiscrete && it >= 2 && cycle.Closes(s))
            {
                cycle.Resolve(s, field, options.MaxIterations - it, trace, d.Threshold);
                break;
            }
        }
        return new RecallResult(s, iterations, converged, options.FinalEnergy ? HopfieldMath.Energy(s, field, d.Threshold) : double.NaN, trace);
    }

    public void RecallBatch(RecallWeights recallWeights, Matrix probes, HopfieldDynamics d, RecallOptions options,
        RecallResult[] results, Action<int>? onProbeDone, CancellationToken cancellationToken, RecallStart? start = null)
    {
        if (IncrementalSignRecall.Applies<TAct>(recallWeights, options))
        {
            IncrementalSignRecall.SynchronousBatch(recallWeights, probes, d.Threshold, options, results, onProbeDone, cancellationToken, start);
            return;
        }
        float[] weights = recallWeights.Buffer;
        int n = recallWeights.Size;
        // The states and fields of the whole batch are the big buffers (2·B·N floats): rented, not allocated per call.
        int batch = probes.Rows;
        // W is the right operand of every product in the batch: packed once here (when the lane-class kernel applies).
        using var packed = Blas.PackB(weights, n, n, rowsOfA: batch);
        float[] s = ArrayPool<float>.Shared.Rent(batch * n);
        float[] h = ArrayPool<float>.Shared.Rent(batch * n);
        // Sign dynamics: per probe the two previous states and the previous field, for two-cycle detection.
        float[] history = TAct.IsDiscrete ? ArrayPool<float>.Shared.Rent(3 * batch * n) : [];
        try
        {
            probes.Data.AsSpan(0, batch * n).CopyTo(s);
            RecallBatch(packed, n, batch, s, h, history, d, options, results, onProbeDone, cancellationToken);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(s);
            ArrayPool<float>.Shared.Return(h);
            if (TAct.IsDiscrete) ArrayPool<float>.Shared.Return(history);
        }
    }

    private static void RecallBatch(PackedGemmOperand weights, int n, int batch, float[] s, float[] h, float[] history, HopfieldDynamics d, RecallOptions options,
        RecallResult[] results, Action<int>? onProbeDone, CancellationToken cancellationToken)
    {
        var ids = new int[batch];
        for (int i = 0; i < batch; i++) ids[i] = i;
        List<double>[]? traces = options.RecordEnergyTrace ? new List<double>[batch] : null;
        int active = batch;
        Blas.GemmNT(s, active, weights, h);
        if (traces is not null)
        {
            for (int r = 0; r < batch; r++) traces[r] = [HopfieldMath.Energy(Row(s, r, n), Row(h, r, n), d.Threshold)];
        }
        var change = new double[batch];
        for (int it = 1; it <= options.MaxIterations && active > 0; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int r = 0; r < active; r++)
            {
                if (TAct.IsDiscrete) Cycle(r).Shift(Row(s, r, n), Row(h, r, n));
                change[r] = TAct.Apply(Row(h, r, n), Row(s, r, n), d.Threshold, d.Temperature);
            }
            if (TAct.IsDiscrete)
            {
                active = Retire(active, r => change[r] == 0, it, converged: true);
                if (active == 0) break;
            }
            Blas.GemmNT(s, active, weights, h);
            if (traces is not null)
            {
                for (int r = 0; r < active; r++) traces[ids[r]].Add(HopfieldMath.Energy(Row(s, r, n), Row(h, r, n), d.Threshold));
            }
            if (!TAct.IsDiscrete)
            {
                active = Retire(active, r => change[r] < options.Tolerance, it, converged: true);
            }
            else if (it >= 2 && it < options.MaxIterations)
            {
                int left = options.MaxIterations - it;
                active = Retire(active, r =>
                {
                    if (!Cycle(r).Closes(Row(s, r, n))) return false;
                    Cycle(r).Resolve(Row(s, r, n), Row(h, r, n), left, traces?[ids[r]], d.Threshold);
                    return true;
                }, options.MaxIterations, converged: false);
            }
        }
        Retire(active, _ => true, options.MaxIterations, converged: false);

        CycleRows Cycle(int r) => new(Row(history, 3 * r, n), Row(history, 3 * r + 1, n), Row(history, 3 * r + 2, n));

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
                        options.FinalEnergy ? HopfieldMath.Energy(Row(s, r, n), Row(h, r, n), d.Threshold) : double.NaN, traces?[id]);
                    onProbeDone?.Invoke(id);
                    continue;
                }
                if (kept != r)
                {
                    Row(s, r, n).CopyTo(Row(s, kept, n));
                    Row(h, r, n).CopyTo(Row(h, kept, n));
                    if (TAct.IsDiscrete) history.AsSpan(3 * r * n, 3 * n).CopyTo(history.AsSpan(3 * kept * n, 3 * n));
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
    /// The rows two-cycle detection keeps for one probe: the states one and two steps back and the field of the state
    /// one step back.
    /// </summary>
    private readonly ref struct CycleRows(Span<float> previous, Span<float> beforePrevious, Span<float> previousField)
    {
        private readonly Span<float> _previous = previous;
        private readonly Span<float> _beforePrevious = beforePrevious;
        private readonly Span<float> _previousField = previousField;

        /// <summary>Called before a step: the state and field about to be replaced become "one step back".</summary>
        public void Shift(ReadOnlySpan<float> state, ReadOnlySpan<float> field)
        {
            _previous.CopyTo(_beforePrevious);
            state.CopyTo(_previous);
            field.CopyTo(_previousField);
        }

        /// <summary>True when the new state equals the state two steps back, bit for bit.</summary>
        public bool Closes(ReadOnlySpan<float> state) =>
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(state).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes((ReadOnlySpan<float>)_beforePrevious));

        /// <summary>
        /// Runs the <paramref name="stepsLeft"/> remaining steps of the cycle in closed form: the energies alternate
        /// between the other state and this one, and after an odd number of steps the other state is the final one.
        /// </summary>
        public void Resolve(Span<float> state, Span<float> field, int stepsLeft, List<double>? trace, float threshold)
        {
            if (trace is not null)
            {
                double other = HopfieldMath.Energy(_previous, _previousField, threshold);
                double current = HopfieldMath.Energy(state, field, threshold);
                for (int t = 1; t <= stepsLeft; t++) trace.Add(t % 2 == 1 ? other : current);
            }
            if (stepsLeft % 2 == 1)
            {
                _previous.CopyTo(state);
                _previousField.CopyTo(field);
            }
        }
    }
}
