using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    /// With W packed (<see cref="Blas.PackB"/>), a batch applies the flips of every probe together, panel by panel of
    /// W (<see cref="ApplyFlips"/>), about one L2 load per 16 multiply-adds instead of a row of W from memory per flip
    /// and probe; a fresh product then pays only above this fraction of flipped units (N / divisor). Measured at
    /// N = 4,096, B = 256 (one thread, CPU time): N/3 (random probes: the first step, ~N/2 flips, by a product; the later
    /// ones, N/6 and fewer, by updates) against N/2, N/4, N/6 and N/8.
    /// </summary>
    private const int BatchedRefreshDivisor = 3;

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
        if (!options.FinalEnergy) return p.Result(threshold, energy: false);
        if (!p.IsFresh) p.RefreshAlone();
        return p.Result(threshold, energy: true);
    }

    /// <summary>
    /// A batch of synchronous recalls, step by step in lockstep: every active probe decides on its kept field (in
    /// parallel); a probe with few flips updates its field from them, and the probes with many flips get fresh fields
    /// from one matrix product together. The probes whose final field is not fresh get one more product at the end
    /// (the final energy needs it). Each result equals <see cref="Synchronous"/> on that probe: the decisions are
    /// exact, so how a field is brought up to date changes the cost, never the outcome.
    /// </summary>
    /// <remarks>
    /// With <paramref name="start"/> (states near the probes and their fresh fields, for this version of W) the first
    /// fields come from the start's by one batched update from the units where each probe differs from its start state,
    /// instead of a matrix product; a probe differing in more than a third of its units gets a product as before.
    /// </remarks>
    public static void SynchronousBatch(RecallWeights weights, Matrix probes, float threshold, RecallOptions options,
        RecallResult[] results, Action<int>? onProbeDone, CancellationToken cancellationToken, RecallStart? start = null)
    {
        int n = weights.Size, batch = probes.Rows;
        // W packed once for every product of the batch; when it is, the flips of all probes are applied together.
        using var packed = Blas.PackB(weights.Buffer, n, n, rowsOfA: batch);
        bool batched = packed.Packed is not null;
        using var buffers = new BatchBuffers(batch, n, errors: batched);
        var work = new ProbeWork[batch];
        bool headStart = batched && start is not null && start.WeightsVersion == weights.Version
            && start.States.Rows == batch && start.States.Columns == n && start.Fields.Length >= (long)batch * n;
        if (headStart)
        {
            start!.States.Data.AsSpan(0, batch * n).CopyTo(buffers.States);
            start.Fields.AsSpan(0, batch * n).CopyTo(buffers.Fields);
        }
        else
        {
            probes.Data.AsSpan(0, batch * n).CopyTo(buffers.States);
            Blas.GemmNT(buffers.States, batch, packed, buffers.Fields);
        }
        for (int b = 0; b < batch; b++) work[b] = new ProbeWork(weights, buffers, b);
        int[]? offsets = batched ? ArrayPool<int>.Shared.Rent(n) : null;
        try
        {
            if (offsets is not null)
            {
                for (int j = 0; j < n; j++) offsets[j] = Blas.PackedPanelOffset(j, n);
            }
            int maxIncremental = n / (batched ? BatchedRefreshDivisor : BatchRefreshDivisor);
            if (headStart) MoveToProbes(packed, offsets!, work, probes, buffers, n, maxIncremental);
            Run(packed, offsets, work, buffers, n, maxIncremental, threshold, options, onProbeDone, cancellationToken);
        }
        finally
        {
            if (offsets is not null) ArrayPool<int>.Shared.Return(offsets);
        }
        for (int b = 0; b < batch; b++) results[b] = work[b].Result(threshold, options.FinalEnergy);
    }

    /// <summary>
    /// From the start states, whose fields are fresh, to the probes before the first step: each probe's differing units
    /// are applied to its field as one batched update (the probes with more than <paramref name="maxIncremental"/> get
    /// fresh fields from one product). Not a step: no iteration is counted and the two-cycle test does not see it.
    /// </summary>
    private static void MoveToProbes(PackedGemmOperand packed, int[] offsets, ProbeWork[] work, Matrix probes, BatchBuffers buffers, int n, int maxIncremental)
    {
        var refresh = new List<ProbeWork>();
        var update = new List<ProbeWork>();
        foreach (var p in work)
        {
            p.MoveTo(probes.Row(p.Index), maxIncremental);
            if (p.NeedsRefresh) refresh.Add(p);
            else if (p.PendingFlips > 0) update.Add(p);
        }
        Refresh(packed, refresh, buffers, n);
        if (update.Count == 0) return;
        ApplyFlips(packed.Packed!, packed.Offset, offsets, update, buffers, n);
        foreach (var p in update) p.CompleteUpdate();
    }

    /// <summary>The lockstep steps of <see cref="SynchronousBatch"/>, then fresh fields for the probes that need one for their energy.</summary>
    private static void Run(PackedGemmOperand packed, int[]? offsets, ProbeWork[] work, BatchBuffers buffers, int n, int maxIncremental,
        float threshold, RecallOptions options, Action<int>? onProbeDone, CancellationToken cancellationToken)
    {
        var active = new List<ProbeWork>(work);
        var refresh = new List<ProbeWork>();
        var update = new List<ProbeWork>();
        for (int it = 1; it <= options.MaxIterations && active.Count > 0; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CannsParallelism.For(0, active.Count, q => active[q].Step(it, options.MaxIterations, threshold, maxIncremental, deferUpdate: offsets is not null));
            refresh.Clear();
            update.Clear();
            foreach (var p in active)
            {
                if (p.NeedsRefresh) refresh.Add(p);
                else if (p.PendingFlips > 0) update.Add(p);
            }
            Refresh(packed, refresh, buffers, n);
            foreach (var p in refresh) p.CheckCycle(it, options.MaxIterations);
            if (update.Count > 0)
            {
                ApplyFlips(packed.Packed!, packed.Offset, offsets!, update, buffers, n);
                foreach (var p in update)
                {
                    p.CompleteUpdate();
                    p.CheckCycle(it, options.MaxIterations);
                }
            }
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

        if (!options.FinalEnergy) return;
        refresh.Clear();
        foreach (var p in work)
        {
            if (!p.IsFresh) refresh.Add(p);
        }
        Refresh(packed, refresh, buffers, n);
    }

    /// <summary>
    /// Applies the pending flips of <paramref name="probes"/> to their fields, <c>h += Σ_q Δ_q·W[j_q, ·]</c>, as one sparse
    /// × dense product over the panels of the packed W (in parallel over panels; each panel's 48 columns of every
    /// field are written by one thread). W is symmetric, so the 48 floats of panel p at unit j's offset are row j's
    /// elements in the panel's columns. A panel (48 × N floats, 768 KB at N = 4,096) is read from memory once, in
    /// order (in steps with many flips: <see cref="TouchFlipsPerUnit"/>), then stays in L2 while every probe's flips meet
    /// it with its 48 field columns in registers.
    /// </summary>
    /// <remarks>
    /// Each probe's flips go into two chains (even and odd q) that are added at the end; the square of every rounding's
    /// result is added to the probe's error row (one fused multiply-add), which <see cref="IncrementalSignField"/> turns into
    /// a rigorous bound (<see cref="ProbeWork.CompleteUpdate"/> records the depth). The order of the additions changes the
    /// kept field's last bits, never a decision.
    /// </remarks>
    private static void ApplyFlips(float[] packed, int packedOffset, int[] offsets, List<ProbeWork> probes, BatchBuffers buffers, int n)
    {
        const int Width = Blas.PackedPanelRows;
        int panels = (n + Width - 1) / Width;
        long panelSize = (long)Width * n;
        long flips = 0;
        foreach (var probe in probes) flips += probe.PendingFlips;
        bool touch = flips >= TouchFlipsPerUnit * (long)n;
        CannsParallelism.For(0, panels, p =>
        {
            ref float panel = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packed), (nint)(packedOffset + p * panelSize));
            if (touch) Touch(ref panel, (int)panelSize);
            foreach (var probe in probes)
            {
                int row = probe.Index * n, m = probe.PendingFlips;
                UpdatePanel(packed, packedOffset, offsets, n, p, probe.Flips, buffers.Values.AsSpan(row, m),
                    buffers.Fields.AsSpan(row, n), buffers.Errors.AsSpan(row, n), probe.ErrorsCleared);
            }
        });
    }

    /// <summary>
    /// One probe's flips (units and Δ) on the 48 columns of panel <paramref name="p"/> of its field and error row:
    /// exactly what <see cref="ApplyFlips"/> does for that probe and panel (tests replay it).
    /// </summary>
    internal static void UpdatePanel(float[] packed, int packedOffset, int[] offsets, int n, int p, ReadOnlySpan<int> flips, ReadOnlySpan<float> deltas,
        Span<float> field, Span<float> errors, bool reset)
    {
        const int Width = Blas.PackedPanelRows;
        ref float panel = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packed), (nint)(packedOffset + (long)p * Width * n));
        int c0 = p * Width, cols = Math.Min(Width, n - c0);
        if (cols == Width)
        {
            UpdateTile(ref panel, offsets, flips, deltas, ref field[c0], ref errors[c0], reset);
            return;
        }
        // The last, narrower panel (its padding columns of W are zero): through a full-width copy, element by element (fewer
        // than 48; Span.Clear and CopyTo here called the runtime's precompiled code, costly from AVX-512 code with tiered
        // compilation off).
        Span<float> h = stackalloc float[Width];
        Span<float> e = stackalloc float[Width];
        for (int c = 0; c < Width; c++)
        {
            h[c] = c < cols ? field[c0 + c] : 0;
            e[c] = c < cols && !reset ? errors[c0 + c] : 0;
        }
        UpdateTile(ref panel, offsets, flips, deltas, ref h[0], ref e[0], reset);
        for (int c = 0; c < cols; c++) (field[c0 + c], errors[c0 + c]) = (h[c], e[c]);
    }

    /// <summary>Roundings per element of one <see cref="UpdateTile"/> call with m flips, for the field and for the error sum: m + 3 bounds both.</summary>
    internal static int TileRoundings(int flips) => flips + 3;

    /// <summary>
    /// The fewest flips per unit, over all probes of a step, for which <see cref="ApplyFlips"/> first reads every panel
    /// through (<see cref="Touch"/>): a panel has 3N cache lines and each flip reads three of them, so below N flips the
    /// pass reads more of W than the flips would (2N leaves room for lines that several flips share). In the capacity
    /// study's late steps (a few flips a probe) the pass cost 8–10 % of a batch at N = 1,000 (one thread); in steps with
    /// many flips, as the first ones from random probes, it pays.
    /// </summary>
    private const int TouchFlipsPerUnit = 2;

    /// <summary>
    /// Reads one float per cache line of a panel, in order, so the prefetchers bring it into L2 at streaming speed (the
    /// flips then hit L2; without this pass their first touches miss to memory: 3.3–3.9 against 5.6–5.7 ns per flip and
    /// panel in a micro-benchmark). Prefetching the next panel meanwhile was slower (a second 768 KB does not fit in L2).
    /// Only for steps with at least <see cref="TouchFlipsPerUnit"/>·N flips.
    /// </summary>
    private static void Touch(ref float start, int length)
    {
        float sum = 0;
        for (int i = 0; i < length; i += 16) sum += Unsafe.Add(ref start, i);
        if (sum == float.MinValue) s_sink = sum;
    }

    private static float s_sink;


    /// <summary>
    /// One probe's flips on one 48-column panel: <c>h += Σ_q Δ_q·w_q</c> (w_q the 48 floats at unit j_q's offset), in two
    /// chains of fused multiply-adds added at the end, and <c>e += result²</c> for every rounding, itself one fused
    /// multiply-add (e starts at zero when <paramref name="reset"/>). Squares instead of magnitudes: the same bound through
    /// Cauchy–Schwarz (<see cref="IncrementalSignField"/>), at one vector operation a rounding instead of two.
    /// </summary>
    private static void UpdateTile(ref float panel, int[] offsets, ReadOnlySpan<int> flips, ReadOnlySpan<float> deltas, ref float h, ref float e, bool reset)
    {
        var a0 = Vector512.LoadUnsafe(ref h, 0);
        var a1 = Vector512.LoadUnsafe(ref h, 16);
        var a2 = Vector512.LoadUnsafe(ref h, 32);
        Vector512<float> b0 = default, b1 = default, b2 = default, f0 = default, f1 = default, f2 = default;
        Vector512<float> e0 = default, e1 = default, e2 = default;
        if (!reset)
        {
            e0 = Vector512.LoadUnsafe(ref e, 0);
            e1 = Vector512.LoadUnsafe(ref e, 16);
            e2 = Vector512.LoadUnsafe(ref e, 32);
        }
        int m = flips.Length, q = 0;
        ref int j0 = ref MemoryMarshal.GetReference(flips);
        ref float d0 = ref MemoryMarshal.GetReference(deltas);
        ref int off = ref MemoryMarshal.GetArrayDataReference(offsets);
        for (; q + 2 <= m; q += 2)
        {
            ref float r = ref Unsafe.Add(ref panel, Unsafe.Add(ref off, Unsafe.Add(ref j0, q)));
            var d = Vector512.Create(Unsafe.Add(ref d0, q));
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r, 0), d, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r, 16), d, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r, 32), d, a2);
            e0 = Vector512.FusedMultiplyAdd(a0, a0, e0);
            e1 = Vector512.FusedMultiplyAdd(a1, a1, e1);
            e2 = Vector512.FusedMultiplyAdd(a2, a2, e2);
            ref float r2 = ref Unsafe.Add(ref panel, Unsafe.Add(ref off, Unsafe.Add(ref j0, q + 1)));
            var d2 = Vector512.Create(Unsafe.Add(ref d0, q + 1));
            b0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r2, 0), d2, b0);
            b1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r2, 16), d2, b1);
            b2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r2, 32), d2, b2);
            f0 = Vector512.FusedMultiplyAdd(b0, b0, f0);
            f1 = Vector512.FusedMultiplyAdd(b1, b1, f1);
            f2 = Vector512.FusedMultiplyAdd(b2, b2, f2);
        }
        if (q < m)
        {
            ref float r = ref Unsafe.Add(ref panel, Unsafe.Add(ref off, Unsafe.Add(ref j0, q)));
            var d = Vector512.Create(Unsafe.Add(ref d0, q));
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r, 0), d, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r, 16), d, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r, 32), d, a2);
            e0 = Vector512.FusedMultiplyAdd(a0, a0, e0);
            e1 = Vector512.FusedMultiplyAdd(a1, a1, e1);
            e2 = Vector512.FusedMultiplyAdd(a2, a2, e2);
        }
        a0 += b0;
        a1 += b1;
        a2 += b2;
        e0 = Vector512.FusedMultiplyAdd(a0, a0, e0 + f0);
        e1 = Vector512.FusedMultiplyAdd(a1, a1, e1 + f1);
        e2 = Vector512.FusedMultiplyAdd(a2, a2, e2 + f2);
        a0.StoreUnsafe(ref h, 0);
        a1.StoreUnsafe(ref h, 16);
        a2.StoreUnsafe(ref h, 32);
        e0.StoreUnsafe(ref e, 0);
        e1.StoreUnsafe(ref e, 16);
        e2.StoreUnsafe(ref e, 32);
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
    /// The rows of a batch, rented once: states, fields, the new values (then Δ) of a step's flips, two rows each of flipped
    /// units and their old values (this step's and the previous one's, by turns), and (with
    /// <c>products</c>) the gather/scatter rows of batched refreshes, and (with <c>errors</c>) the error rows of batched updates.
    /// </summary>
    private sealed class BatchBuffers : IDisposable
    {
        public BatchBuffers(int batch, int n, bool products = true, bool errors = false)
        {
            int length = batch * n;
            States = ArrayPool<float>.Shared.Rent(length);
            Fields = ArrayPool<float>.Shared.Rent(length);
            Values = ArrayPool<float>.Shared.Rent(length);
            Old = [ArrayPool<float>.Shared.Rent(length), ArrayPool<float>.Shared.Rent(length)];
            Flipped = [ArrayPool<int>.Shared.Rent(length), ArrayPool<int>.Shared.Rent(length)];
            Gather = products ? ArrayPool<float>.Shared.Rent(length) : [];
            Scatter = products ? ArrayPool<float>.Shared.Rent(length) : [];
            Errors = errors ? ArrayPool<float>.Shared.Rent(length) : [];
        }

        public float[] States { get; }
        public float[] Fields { get; }
        public float[] Values { get; }
        public float[][] Old { get; }
        public int[][] Flipped { get; }
        public float[] Gather { get; }
        public float[] Scatter { get; }
        public float[] Errors { get; }

        public void Dispose()
        {
            foreach (var a in new[] { States, Fields, Values, Old[0], Old[1], Gather, Scatter, Errors })
            {
                if (a.Length > 0) ArrayPool<float>.Shared.Return(a);
            }
            foreach (var a in Flipped) ArrayPool<int>.Shared.Return(a);
        }
    }

    /// <summary>One probe of a lockstep batch: its rows in the batch buffers, its kept field and its outcome.</summary>
    private sealed class ProbeWork
    {
        private readonly int _n;
        private readonly BatchBuffers _buffers;
        private IncrementalSignField _h;
        // Which of the two rows of flipped units and old values holds this step's; they swap roles every step.
        private int _current;
        // Units this step and the step before changed (each list in increasing unit order).
        private int _count, _previousCount;

        public ProbeWork(RecallWeights weights, BatchBuffers buffers, int index)
        {
            _n = weights.Size;
            _buffers = buffers;
            Index = index;
            _h = new IncrementalSignField(weights, buffers.Fields, index * _n, buffers.Errors.Length > 0 ? buffers.Errors : null);
            _h.MarkFresh(State);
        }

        public int Index { get; }
        public bool IsFresh => _h.IsFresh;
        public int Iterations { get; private set; }
        public bool Converged { get; private set; }
        public bool Done { get; private set; }
        public bool NeedsRefresh { get; private set; }

        /// <summary>Flips applied to the state but not yet to the field (<see cref="ApplyFlips"/>); their units are <see cref="Flips"/>, their Δ in the values row.</summary>
        public int PendingFlips { get; private set; }

        /// <summary>The units of the pending flips, in increasing order.</summary>
        public ReadOnlySpan<int> Flips => _buffers.Flipped[_current].AsSpan(Index * _n, PendingFlips);

        /// <summary>True when no batched update has touched the error row since the last fresh field.</summary>
        public bool ErrorsCleared => _h.ErrorsCleared;

        private float _pendingMaxAbs;
        private double _pendingRoundedDeltas;

        private Span<float> State => _buffers.States.AsSpan(Index * _n, _n);

        /// <summary>
        /// Step <paramref name="it"/>: decide on the kept field, stop if nothing changes, apply the flips (updating the
        /// field, or leaving it for a refresh when there are more than <paramref name="maxIncremental"/>), then test
        /// for a two-cycle unless a refresh is pending (the caller refreshes, then calls <see cref="CheckCycle"/>).
        /// With <paramref name="deferUpdate"/> the flips are applied to the state only and left, as units and Δ, in the
        /// flip rows for <see cref="ApplyFlips"/>; the caller then calls <see cref="CompleteUpdate"/> and <see cref="CheckCycle"/>.
        /// </summary>
        public void Step(int it, int maxIterations, float threshold, int maxIncremental, bool deferUpdate = false)
        {
            NextRows(out var state, out var flipped, out var values);
            int count = _h.DecideAll(state, threshold, flipped, values);
            (_previousCount, _count) = (_count, count);
            if (count == 0)
            {
                Finish(it, converged: true);
                return;
            }
            // The old values, for the two-cycle test (the state before this step differs from the new one exactly there).
            var oldValues = _buffers.Old[_current].AsSpan(Index * _n, count);
            for (int q = 0; q < count; q++) oldValues[q] = state[flipped[q]];
            if (count > maxIncremental)
            {
                LeaveForRefresh(state, flipped, values, count);
                return;
            }
            if (deferUpdate)
            {
                Defer(state, flipped, values, count);
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

        /// <summary>
        /// Before the first step, from a start state whose field is fresh: takes the probe's values, the units that differ (bit
        /// for bit) left as pending flips for <see cref="ApplyFlips"/> as a deferred step leaves them, or beyond
        /// <paramref name="maxIncremental"/> of them a pending refresh. Not a step: no iteration, and the two-cycle test
        /// never sees these flips (the first step's previous count stays zero; the second step overwrites their rows).
        /// </summary>
        public void MoveTo(ReadOnlySpan<float> probe, int maxIncremental)
        {
            if (probe.Length != _n) throw new ArgumentException($"The probe has {probe.Length} units, not {_n}.", nameof(probe));
            NextRows(out var state, out var flipped, out var values);
            int count = 0, j = 0;
            // Sixteen units at a time compared as bits; the (few) differing ones taken from the mask in increasing order.
            if (Vector512.IsHardwareAccelerated)
            {
                ref int p = ref Unsafe.As<float, int>(ref MemoryMarshal.GetReference(probe));
                ref int s = ref Unsafe.As<float, int>(ref MemoryMarshal.GetReference(state));
                for (; j + 16 <= _n; j += 16)
                {
                    ulong differ = (~Vector512.Equals(Vector512.LoadUnsafe(ref p, (nuint)j), Vector512.LoadUnsafe(ref s, (nuint)j))).ExtractMostSignificantBits();
                    for (; differ != 0; differ &= differ - 1)
                    {
                        int unit = j + BitOperations.TrailingZeroCount(differ);
                        flipped[count] = unit;
                        values[count++] = probe[unit];
                    }
                }
            }
            for (; j < _n; j++)
            {
                if (BitConverter.SingleToInt32Bits(probe[j]) == BitConverter.SingleToInt32Bits(state[j])) continue;
                flipped[count] = j;
                values[count++] = probe[j];
            }
            if (count > maxIncremental) LeaveForRefresh(state, flipped, values, count);
            else if (count > 0) Defer(state, flipped, values, count);
        }

        /// <summary>Clears the step's flags and turns to the other row of flipped units and old values (they swap roles every step).</summary>
        private void NextRows(out Span<float> state, out Span<int> flipped, out Span<float> values)
        {
            NeedsRefresh = false;
            PendingFlips = 0;
            _current ^= 1;
            state = State;
            flipped = _buffers.Flipped[_current].AsSpan(Index * _n, _n);
            values = _buffers.Values.AsSpan(Index * _n, _n);
        }

        /// <summary>Puts the new values of the <paramref name="count"/> changed units into the state and marks the field for a refresh.</summary>
        private void LeaveForRefresh(Span<float> state, ReadOnlySpan<int> flipped, ReadOnlySpan<float> values, int count)
        {
            for (int q = 0; q < count; q++) state[flipped[q]] = values[q];
            _h.MarkStale();
            NeedsRefresh = true;
        }

        /// <summary>
        /// Puts the new values into the state and leaves Δ = new − old in the values row for <see cref="ApplyFlips"/>, with
        /// what <see cref="CompleteUpdate"/> records: the largest new magnitude and the sum of the Δ whose subtraction rounded.
        /// </summary>
        private void Defer(Span<float> state, ReadOnlySpan<int> flipped, Span<float> values, int count)
        {
            float maxAbs = 0;
            double rounded = 0;
            for (int q = 0; q < count; q++)
            {
                int j = flipped[q];
                float old = state[j], next = values[q];
                state[j] = next;
                float delta = next - old;
                values[q] = delta;
                maxAbs = MathF.Max(maxAbs, MathF.Abs(next));
                if ((double)next - old != delta) rounded += Math.Abs(delta);
            }
            (PendingFlips, _pendingMaxAbs, _pendingRoundedDeltas) = (count, maxAbs, rounded);
        }

        /// <summary>
        /// After step <paramref name="it"/>: a two-cycle (the state equal, by <see cref="float.Equals(float)"/>, to the one
        /// before the previous step) ends the recall, the final state by the parity of the steps left.
        /// </summary>
        public void CheckCycle(int it, int maxIterations)
        {
            if (it < 2 || !UndoesPreviousStep()) return;
            if ((maxIterations - it) % 2 == 1)
            {
                // Back to the state before this step: its changed units take their old values again.
                var state = State;
                var flipped = _buffers.Flipped[_current].AsSpan(Index * _n, _count);
                var old = _buffers.Old[_current].AsSpan(Index * _n, _count);
                for (int q = 0; q < flipped.Length; q++) state[flipped[q]] = old[q];
                _h.MarkStale();
            }
            Finish(maxIterations, converged: false);
        }

        /// <summary>
        /// True when this step brought the state back to the one before the previous step: the two steps changed the same
        /// units (a unit changed by only one of them would differ), and each now holds the value it had before the
        /// previous step. O(changes) instead of comparing whole states.
        /// </summary>
        private bool UndoesPreviousStep()
        {
            if (_count != _previousCount) return false;
            int row = Index * _n;
            var state = State;
            var now = _buffers.Flipped[_current].AsSpan(row, _count);
            var before = _buffers.Flipped[_current ^ 1].AsSpan(row, _count);
            var beforeOld = _buffers.Old[_current ^ 1].AsSpan(row, _count);
            for (int q = 0; q < now.Length; q++)
            {
                if (now[q] != before[q] || !state[now[q]].Equals(beforeOld[q])) return false;
            }
            return true;
        }

        /// <summary>After <see cref="ApplyFlips"/>: records the batched update's rounding in the field's bound.</summary>
        public void CompleteUpdate()
        {
            _h.RecordBatchedUpdate(TileRoundings(PendingFlips), _pendingMaxAbs, _pendingRoundedDeltas);
            PendingFlips = 0;
        }

        public void SetFreshField(ReadOnlySpan<float> field)
        {
            field.CopyTo(_h.Field);
            _h.MarkFresh(State);
        }

        public void Finish(int iterations, bool converged) => (Iterations, Converged, Done) = (iterations, converged, true);

        /// <summary>A fresh field from one matrix-vector product; only for a probe alone in its buffers (index 0).</summary>
        public void RefreshAlone() => _h.Refresh(_buffers.States);

        /// <summary>The outcome; with <paramref name="energy"/> the field must be fresh (the energy is taken from it), without it the energy is NaN.</summary>
        public RecallResult Result(float threshold, bool energy)
        {
            if (energy && !_h.IsFresh) throw new InvalidOperationException("The final energy needs a fresh field.");
            var state = State;
            return new RecallResult(state.ToArray(), Iterations, Converged, energy ? HopfieldMath.Energy(state, _h.Field, threshold) : double.NaN, null);
        }
    }

    /// <summary>
    /// Asynchronous sign dynamics from <paramref name="s"/>: each sweep visits the units in a fresh permutation from
    /// <see cref="RecallOptions.Seed"/>, exactly as <c>AmariHopfieldNetwork.Step(Random)</c> does with a <see cref="SplitMix64Random"/> of that seed.
    /// </summary>
    /// <param name="weights">W and its facts.</param>
    /// <param name="s">The probe; becomes the final state.</param>
    /// <param name="threshold">θ.</param>
    /// <param name="options">Step limit and seed; without <see cref="RecallOptions.FinalEnergy"/> the fresh product at the end
    /// is skipped and the energy is NaN (the work of NumPy's incremental sweep: one product, then the sweep).</param>
    public static RecallResult Asynchronous(RecallWeights weights, float[] s, float threshold, RecallOptions options)
    {
        int n = weights.Size;
        float[] field = ArrayPool<float>.Shared.Rent(n);
        int[] order = ArrayPool<int>.Shared.Rent(n);
        try
        {
            var random = new SplitMix64(options.Seed);
            var h = new IncrementalSignField(weights, field);
            // The first field only has to be close: from bfloat16 W when kept (half the bytes); the final one is fresh.
            if (weights.ApproximateWeights() is { } bf16) h.RefreshApproximate(s, bf16);
            else h.Refresh(s);
            int iterations = options.MaxIterations;
            bool converged = false;
            var units = order.AsSpan(0, n);
            for (int it = 1; it <= options.MaxIterations; it++)
            {
                random.Shuffle(units);
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
            if (!options.FinalEnergy) return new RecallResult(s, iterations, converged, double.NaN, null);
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
