using System.Buffers;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// Sign recall that keeps the field up to date from the units that flip (<see cref="IncrementalSignField"/>):
/// after the first product a step costs N operations per flipped unit plus N comparisons, instead of a full
/// N² product. Decisions are exactly those of the fresh-product kernels and of the model's own <c>Step</c>, so states,
/// iteration counts and the final energy (from one fresh product at the end) are identical bit for bit.
/// </summary>
/// <remarks>Used when W is symmetric and no energy trace is asked for (a trace needs a fresh product every step).</remarks>
internal static class IncrementalSignRecall
{
    /// <summary>
    /// Above this fraction of flipped units a synchronous step recomputes the field with one product instead
    /// of one update per flip (the update streams a row of W per flip, the product streams all of W once).
    /// </summary>
    private const int RefreshDivisor = 3;

    /// <summary>
    /// In a batch a fresh field costs one row of a compute-bound matrix product (≈ 2N² flops at ~80 % of peak), while
    /// each flip streams a row of W from L3 or memory; the crossover measured at N = 4,096 lies near N/32 flips.
    /// </summary>
    private const int BatchRefreshDivisor = 32;

    /// <summary>Synchronous sign dynamics from <paramref name="s"/> (changed in place; becomes the result's state).</summary>
    public static RecallResult Synchronous(RecallWeights weights, float[] s, float threshold, RecallOptions options)
    {
        int n = weights.Size;
        float[] field = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var h = new IncrementalSignField(weights, field);
            h.Refresh(s);
            var (iterations, converged) = RunSynchronous(ref h, n, s, threshold, options);
            if (!h.IsFresh) h.Refresh(s);
            return new RecallResult(s, iterations, converged, HopfieldMath.Energy(s.AsSpan(0, n), h.Field, threshold), null);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(field);
        }
    }

    /// <summary>
    /// A batch of synchronous recalls, step by step in lockstep: every active probe decides on its kept field (in
    /// parallel); a probe with few flips updates its field from them, and the probes with many flips get fresh fields
    /// from one matrix product together. The probes whose final field is not fresh get one more product at the end
    /// (the final energy needs it). Each result equals <see cref="Synchronous"/> on that probe: the decisions are
    /// exact, so how a field is brought up to date changes the cost, never the outcome.
    /// </summary>
    public static void SynchronousBatch(RecallWeights weights, Matrix probes, float threshold, RecallOptions options,
        RecallResult[] results, Action<int>? onProbeDone, CancellationToken cancellationToken)
    {
        int n = weights.Size, batch = probes.Rows;
        var work = new ProbeWork[batch];
        float[] rows = ArrayPool<float>.Shared.Rent(batch * n);
        float[] fields = ArrayPool<float>.Shared.Rent(batch * n);
        try
        {
            // W packed once for every product of the batch.
            using var packed = Blas.PackB(weights.Buffer, n, n, rowsOfA: batch);
            probes.Data.AsSpan(0, batch * n).CopyTo(rows);
            Blas.GemmNT(rows, batch, packed, fields);
            CannsParallelism.For(0, batch, b => work[b] = new ProbeWork(weights, rows.AsSpan(b * n, n), fields.AsSpan(b * n, n)));

            var active = new List<ProbeWork>(work);
            var refresh = new List<ProbeWork>();
            for (int it = 1; it <= options.MaxIterations && active.Count > 0; it++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CannsParallelism.For(0, active.Count, q => active[q].Step(it, options.MaxIterations, threshold, n / BatchRefreshDivisor));
                refresh.Clear();
                foreach (var p in active)
                {
                    if (p.NeedsRefresh) refresh.Add(p);
                }
                Refresh(packed, refresh, rows, fields, n);
                foreach (var p in refresh) p.CheckCycle(it, options.MaxIterations);
                active.RemoveAll(p => p.Done);
            }
            foreach (var p in active) p.Finish(options.MaxIterations, converged: false);

            refresh.Clear();
            foreach (var p in work)
            {
                if (!p.Field.IsFresh) refresh.Add(p);
            }
            Refresh(packed, refresh, rows, fields, n);
            for (int b = 0; b < batch; b++)
            {
                var p = work[b];
                results[b] = new RecallResult(p.State.AsSpan(0, n).ToArray(), p.Iterations, p.Converged,
                    HopfieldMath.Energy(p.State.AsSpan(0, n), p.Field.Field, threshold), null);
                onProbeDone?.Invoke(b);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
            ArrayPool<float>.Shared.Return(fields);
            foreach (var p in work) p?.Dispose();
        }
    }

    /// <summary>Fresh fields for <paramref name="probes"/> from one product (their states gathered into rows).</summary>
    private static void Refresh(PackedGemmOperand w, List<ProbeWork> probes, float[] rows, float[] fields, int n)
    {
        if (probes.Count == 0) return;
        for (int r = 0; r < probes.Count; r++) probes[r].State.AsSpan(0, n).CopyTo(rows.AsSpan(r * n, n));
        Blas.GemmNT(rows, probes.Count, w, fields);
        for (int r = 0; r < probes.Count; r++) probes[r].SetFreshField(fields.AsSpan(r * n, n));
    }

    /// <summary>One probe of a lockstep batch: its state, kept field, the two previous states and its outcome.</summary>
    private sealed class ProbeWork : IDisposable
    {
        private readonly int _n;
        private float[] _previous, _beforePrevious;
        private readonly int[] _flipped;
        private readonly float[] _values;
        private readonly float[] _field;
        private IncrementalSignField _h;

        public ProbeWork(RecallWeights weights, ReadOnlySpan<float> probe, ReadOnlySpan<float> freshField)
        {
            _n = weights.Size;
            State = ArrayPool<float>.Shared.Rent(_n);
            _field = ArrayPool<float>.Shared.Rent(_n);
            _previous = ArrayPool<float>.Shared.Rent(_n);
            _beforePrevious = ArrayPool<float>.Shared.Rent(_n);
            _flipped = ArrayPool<int>.Shared.Rent(_n);
            _values = ArrayPool<float>.Shared.Rent(_n);
            probe.CopyTo(State);
            freshField.CopyTo(_field);
            _h = new IncrementalSignField(weights, _field);
            _h.MarkFresh(State);
        }

        public float[] State { get; }
        public IncrementalSignField Field => _h;
        public int Iterations { get; private set; }
        public bool Converged { get; private set; }
        public bool Done { get; private set; }
        public bool NeedsRefresh { get; private set; }

        /// <summary>
        /// Step <paramref name="it"/>, as in <see cref="RunSynchronous"/>: decide, stop if nothing changes, apply the
        /// flips (updating the field, or leaving it for a batched refresh when there are more than
        /// <paramref name="maxIncremental"/>), then test for a two-cycle unless a refresh is pending.
        /// </summary>
        public void Step(int it, int maxIterations, float threshold, int maxIncremental)
        {
            NeedsRefresh = false;
            (_previous, _beforePrevious) = (_beforePrevious, _previous);
            State.AsSpan(0, _n).CopyTo(_previous);
            int count = _h.DecideAll(State, threshold, _flipped, _values);
            if (count == 0)
            {
                Finish(it, converged: true);
                return;
            }
            if (count > maxIncremental)
            {
                for (int q = 0; q < count; q++) State[_flipped[q]] = _values[q];
                _h.MarkStale();
                NeedsRefresh = true;
                return;
            }
            for (int q = 0; q < count; q++)
            {
                int j = _flipped[q];
                float delta = _values[q] - State[j];
                State[j] = _values[q];
                _h.Flip(j, delta, _values[q]);
            }
            CheckCycle(it, maxIterations);
        }

        /// <summary>After step <paramref name="it"/>: a two-cycle ends the recall, the final state by the parity of the steps left.</summary>
        public void CheckCycle(int it, int maxIterations)
        {
            if (it < 2 || !State.AsSpan(0, _n).SequenceEqual(_beforePrevious.AsSpan(0, _n))) return;
            if ((maxIterations - it) % 2 == 1)
            {
                _previous.AsSpan(0, _n).CopyTo(State);
                _h.MarkStale();
            }
            Finish(maxIterations, converged: false);
        }

        public void SetFreshField(ReadOnlySpan<float> field)
        {
            field.CopyTo(_field);
            _h.MarkFresh(State);
        }

        public void Finish(int iterations, bool converged) => (Iterations, Converged, Done) = (iterations, converged, true);

        public void Dispose()
        {
            ArrayPool<float>.Shared.Return(State);
            ArrayPool<float>.Shared.Return(_field);
            ArrayPool<float>.Shared.Return(_previous);
            ArrayPool<float>.Shared.Return(_beforePrevious);
            ArrayPool<int>.Shared.Return(_flipped);
            ArrayPool<float>.Shared.Return(_values);
        }
    }

    /// <summary>
    /// The synchronous steps on <paramref name="s"/> from the fresh field in <paramref name="h"/>. Returns the steps
    /// taken and whether the state stopped changing; afterwards <paramref name="h"/> may no longer be fresh.
    /// </summary>
    private static (int Iterations, bool Converged) RunSynchronous(ref IncrementalSignField h, int n, float[] s, float threshold, RecallOptions options)
    {
        float[] previous = ArrayPool<float>.Shared.Rent(n);
        float[] beforePrevious = ArrayPool<float>.Shared.Rent(n);
        int[] flipped = ArrayPool<int>.Shared.Rent(n);
        float[] values = ArrayPool<float>.Shared.Rent(n);
        try
        {
            for (int it = 1; it <= options.MaxIterations; it++)
            {
                // The state two steps back is the one before the previous: rotate the buffers, copy once.
                (previous, beforePrevious) = (beforePrevious, previous);
                s.AsSpan(0, n).CopyTo(previous);
                // Every unit decides on the field of the state before the step.
                int count = h.DecideAll(s, threshold, flipped, values);
                if (count == 0) return (it, true);
                if (count > n / RefreshDivisor)
                {
                    for (int q = 0; q < count; q++) s[flipped[q]] = values[q];
                    h.Refresh(s);
                }
                else
                {
                    for (int q = 0; q < count; q++)
                    {
                        int j = flipped[q];
                        float delta = values[q] - s[j];
                        s[j] = values[q];
                        h.Flip(j, delta, values[q]);
                    }
                }
                // A two-cycle (see SynchronousRecallKernel): the states alternate from here on, so the final state
                // follows from the parity of the steps left.
                if (it >= 2 && s.AsSpan(0, n).SequenceEqual(beforePrevious.AsSpan(0, n)))
                {
                    if ((options.MaxIterations - it) % 2 == 1)
                    {
                        previous.AsSpan(0, n).CopyTo(s);
                        h.MarkStale();
                    }
                    break;
                }
            }
            return (options.MaxIterations, false);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(previous);
            ArrayPool<float>.Shared.Return(beforePrevious);
            ArrayPool<int>.Shared.Return(flipped);
            ArrayPool<float>.Shared.Return(values);
        }
    }

    /// <summary>
    /// Asynchronous sign dynamics from <paramref name="s"/>: each sweep visits the units in a fresh permutation from
    /// <see cref="RecallOptions.Seed"/>, exactly as <c>AmariHopfieldNetwork.Step(Random)</c> does.
    /// </summary>
    public static RecallResult Asynchronous(RecallWeights weights, float[] s, float threshold, RecallOptions options)
    {
        int n = weights.Size;
        float[] field = ArrayPool<float>.Shared.Rent(n);
        int[] order = ArrayPool<int>.Shared.Rent(n);
        try
        {
            var random = new Random(options.Seed);
            var h = new IncrementalSignField(weights, field);
            h.Refresh(s);
            int iterations = options.MaxIterations;
            bool converged = false;
            var units = order.AsSpan(0, n);
            for (int it = 1; it <= options.MaxIterations; it++)
            {
                HopfieldMath.Permutation(units, random);
                int changed = 0;
                foreach (int i in units)
                {
                    float next = h.Decide(i, s, threshold);
                    if (next == s[i]) continue;
                    float delta = next - s[i];
                    s[i] = next;
                    h.Flip(i, delta, next);
                    changed++;
                }
                if (changed == 0)
                {
                    (iterations, converged) = (it, true);
                    break;
                }
            }
            if (!h.IsFresh) h.Refresh(s);
            return new RecallResult(s, iterations, converged, HopfieldMath.Energy(s.AsSpan(0, n), h.Field, threshold), null);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(field);
            ArrayPool<int>.Shared.Return(order);
        }
    }
}
