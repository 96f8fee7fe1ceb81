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
    /// each flip streams a row of W from L3 or memory; measured at N = 1,024 and 4,096, N/16 flips is the best crossover of the ones tried (3, 8, 16, 32, 64).
    /// </summary>
    private const int BatchRefreshDivisor = 16;

    /// <summary>
    /// True when a kernel for <typeparamref name="TAct"/> may recall through this class: sign dynamics, a symmetric W
    /// with finite row sums, and no energy trace (a trace needs a fresh product every step).
    /// </summary>
    public static bool Applies<TAct>(RecallWeights weights, RecallOptions options) where TAct : struct, IActivationOp =>
        TAct.IsDiscrete && weights.SupportsIncrementalFields && !options.RecordEnergyTrace;

    /// <summary>
    /// Synchronous sign dynamics from <paramref name="probe"/>: the same steps as one probe of
    /// <see cref="SynchronousBatch"/>, with fresh fields from matrix-vector products (both cores at large N).
    /// </summary>
    public static RecallResult Synchronous(RecallWeights weights, ReadOnlySpan<float> probe, float threshold, RecallOptions options)
    {
        int n = weights.Size;
        using var buffers = new BatchBuffers(1, n, products: false);
        probe.CopyTo(buffers.States);
        Blas.Gemv(weights.Buffer, n, buffers.States, n, buffers.Fields);
        var p = new ProbeWork(weights, buffers, 0);
        for (int it = 1; it <= options.MaxIterations && !p.Done; it++)
        {
            p.Step(it, options.MaxIterations, threshold, n / RefreshDivisor);
            if (!p.NeedsRefresh) continue;
            p.RefreshAlone();
            p.CheckCycle(it, options.MaxIterations);
        }
        if (!p.Done) p.Finish(options.MaxIterations, converged: false);
        if (!p.IsFresh) p.RefreshAlone();
        return p.Result(threshold);
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
        using var buffers = new BatchBuffers(batch, n);
        var work = new ProbeWork[batch];
        // W packed once for every product of the batch.
        using var packed = Blas.PackB(weights.Buffer, n, n, rowsOfA: batch);
        probes.Data.AsSpan(0, batch * n).CopyTo(buffers.States);
        Blas.GemmNT(buffers.States, batch, packed, buffers.Fields);
        for (int b = 0; b < batch; b++) work[b] = new ProbeWork(weights, buffers, b);

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
            Refresh(packed, refresh, buffers, n);
            foreach (var p in refresh) p.CheckCycle(it, options.MaxIterations);
            // Progress counts probes as they finish; their results are written at the end.
            active.RemoveAll(p =>
            {
                if (p.Done) onProbeDone?.Invoke(p.Index);
                return p.Done;
            });
        }
        foreach (var p in active)
        {
            p.Finish(options.MaxIterations, converged: false);
            onProbeDone?.Invoke(p.Index);
        }

        refresh.Clear();
        foreach (var p in work)
        {
            if (!p.IsFresh) refresh.Add(p);
        }
        Refresh(packed, refresh, buffers, n);
        for (int b = 0; b < batch; b++) results[b] = work[b].Result(threshold);
    }

    /// <summary>Fresh fields for <paramref name="probes"/> from one product (their states gathered into rows).</summary>
    private static void Refresh(PackedGemmOperand w, List<ProbeWork> probes, BatchBuffers buffers, int n)
    {
        if (probes.Count == 0) return;
        for (int r = 0; r < probes.Count; r++) buffers.States.AsSpan(probes[r].Index * n, n).CopyTo(buffers.Gather.AsSpan(r * n, n));
        Blas.GemmNT(buffers.Gather, probes.Count, w, buffers.Scatter);
        for (int r = 0; r < probes.Count; r++) probes[r].SetFreshField(buffers.Scatter.AsSpan(r * n, n));
    }

    /// <summary>
    /// The rows of a batch, rented once: states, fields, the two previous states, flip lists, and (with
    /// <c>products</c>) the gather/scatter rows of batched refreshes.
    /// </summary>
    private sealed class BatchBuffers : IDisposable
    {
        public BatchBuffers(int batch, int n, bool products = true)
        {
            int length = batch * n;
            States = ArrayPool<float>.Shared.Rent(length);
            Fields = ArrayPool<float>.Shared.Rent(length);
            Previous = ArrayPool<float>.Shared.Rent(length);
            BeforePrevious = ArrayPool<float>.Shared.Rent(length);
            Values = ArrayPool<float>.Shared.Rent(length);
            Flipped = ArrayPool<int>.Shared.Rent(length);
            Gather = products ? ArrayPool<float>.Shared.Rent(length) : [];
            Scatter = products ? ArrayPool<float>.Shared.Rent(length) : [];
        }

        public float[] States { get; }
        public float[] Fields { get; }
        public float[] Previous { get; }
        public float[] BeforePrevious { get; }
        public float[] Values { get; }
        public int[] Flipped { get; }
        public float[] Gather { get; }
        public float[] Scatter { get; }

        public void Dispose()
        {
            foreach (var a in new[] { States, Fields, Previous, BeforePrevious, Values, Gather, Scatter })
            {
                if (a.Length > 0) ArrayPool<float>.Shared.Return(a);
            }
            ArrayPool<int>.Shared.Return(Flipped);
        }
    }

    /// <summary>One probe of a lockstep batch: its rows in the batch buffers, its kept field and its outcome.</summary>
    private sealed class ProbeWork
    {
        private readonly int _n;
        private readonly BatchBuffers _buffers;
        private IncrementalSignField _h;
        // Which of the two history rows holds the previous state; they swap roles every step.
        private bool _swapped;

        public ProbeWork(RecallWeights weights, BatchBuffers buffers, int index)
        {
            _n = weights.Size;
            _buffers = buffers;
            Index = index;
            _h = new IncrementalSignField(weights, buffers.Fields, index * _n);
            _h.MarkFresh(State);
        }

        public int Index { get; }
        public bool IsFresh => _h.IsFresh;
        public int Iterations { get; private set; }
        public bool Converged { get; private set; }
        public bool Done { get; private set; }
        public bool NeedsRefresh { get; private set; }

        private Span<float> State => _buffers.States.AsSpan(Index * _n, _n);
        private Span<float> Previous => (_swapped ? _buffers.BeforePrevious : _buffers.Previous).AsSpan(Index * _n, _n);
        private Span<float> BeforePrevious => (_swapped ? _buffers.Previous : _buffers.BeforePrevious).AsSpan(Index * _n, _n);

        /// <summary>
        /// Step <paramref name="it"/>: decide on the kept field, stop if nothing changes, apply the flips (updating the
        /// field, or leaving it for a refresh when there are more than <paramref name="maxIncremental"/>), then test
        /// for a two-cycle unless a refresh is pending (the caller refreshes, then calls <see cref="CheckCycle"/>).
        /// </summary>
        public void Step(int it, int maxIterations, float threshold, int maxIncremental)
        {
            NeedsRefresh = false;
            _swapped = !_swapped;
            var state = State;
            state.CopyTo(Previous);
            var flipped = _buffers.Flipped.AsSpan(Index * _n, _n);
            var values = _buffers.Values.AsSpan(Index * _n, _n);
            int count = _h.DecideAll(state, threshold, flipped, values);
            if (count == 0)
            {
                Finish(it, converged: true);
                return;
            }
            if (count > maxIncremental)
            {
                for (int q = 0; q < count; q++) state[flipped[q]] = values[q];
                _h.MarkStale();
                NeedsRefresh = true;
                return;
            }
            for (int q = 0; q < count; q++)
            {
                int j = flipped[q];
                float old = state[j];
                state[j] = values[q];
                _h.Flip(j, old, values[q]);
            }
            CheckCycle(it, maxIterations);
        }

        /// <summary>After step <paramref name="it"/>: a two-cycle ends the recall, the final state by the parity of the steps left.</summary>
        public void CheckCycle(int it, int maxIterations)
        {
            if (it < 2 || !State.SequenceEqual(BeforePrevious)) return;
            if ((maxIterations - it) % 2 == 1)
            {
                Previous.CopyTo(State);
                _h.MarkStale();
            }
            Finish(maxIterations, converged: false);
        }

        public void SetFreshField(ReadOnlySpan<float> field)
        {
            field.CopyTo(_h.Field);
            _h.MarkFresh(State);
        }

        public void Finish(int iterations, bool converged) => (Iterations, Converged, Done) = (iterations, converged, true);

        /// <summary>A fresh field from one matrix-vector product; only for a probe alone in its buffers (index 0).</summary>
        public void RefreshAlone() => _h.Refresh(_buffers.States);

        /// <summary>The outcome; the field must be fresh (the energy is taken from it).</summary>
        public RecallResult Result(float threshold)
        {
            if (!_h.IsFresh) throw new InvalidOperationException("The final energy needs a fresh field.");
            var state = State;
            return new RecallResult(state.ToArray(), Iterations, Converged, HopfieldMath.Energy(state, _h.Field, threshold), null);
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
                    float old = s[i];
                    s[i] = next;
                    h.Flip(i, old, next);
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
