using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.ExceptionServices;
using System.Runtime.Intrinsics;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>A compiled STDP kernel for one bounds mode.</summary>
internal interface IStdpKernel
{
    /// <summary>Runs the steps [From, To) of <paramref name="run"/> on its workspace; returns the number of output spikes.</summary>
    long Run(StdpRun run);
}

/// <summary>
/// Event-driven STDP over a spike raster on the transposed weights of a <see cref="StdpWorkspace"/> (row j holds the
/// synapses of input j onto every output, 16 outputs a 512-bit vector). Per step:
/// <list type="number">
/// <item>membrane input: the sum of the active inputs' rows, in ascending input order (the dense sum's order, since
/// the skipped terms are ±0), then the LIF update of every output, vectorised;</item>
/// <item>traces: <c>x̄ ← d₊ x̄ + s_pre</c>, <c>ȳ ← d₋ ȳ + s_post</c>, vectorised;</item>
/// <item>weights: the row of an input that spiked gets the full rule on all its vectors; any other row gets the
/// potentiation term only on the vectors that hold an output that spiked (none when no output spiked).</item>
/// </list>
/// Every synapse it touches gets exactly the dense rule's float operations (<c>p = (s_post η A₊) x̄</c>,
/// <c>d = (s_pre η A₋) ȳ</c>, then the bounds op, no fused multiply-adds), and every synapse it skips has p = d = +0,
/// for which the dense rule's update is the identity on a finite weight within the bounds that is not −0
/// (<see cref="StdpWorkspace.Load"/> stores −0 as +0, which is what the dense rule's first step does). So the weights
/// equal the dense step path's bit for bit.
/// <para>The outputs of a feed-forward layer are independent: an output's membrane, spikes and trace, and the synapses
/// onto it, depend only on its own column of W, the inputs and their traces. So the kernel runs the
/// <see cref="StdpWorkspace.Parts"/> (groups of whole vectors of outputs, each with its own copy of the input traces)
/// through the same steps on different cores, with no exchange between them; each synapse still gets the same
/// operations in the same order, so the result does not depend on the number of parts.</para>
/// </summary>
internal sealed class StdpKernel<TBounds> : IStdpKernel where TBounds : struct, IStdpBoundsOp
{
    private const int Lanes = 16;

    public long Run(StdpRun run)
    {
        var ws = run.Workspace;
        // η A₊ and η A₋ of every step, once for all parts (a user's schedule is called once a step, on this thread). A
        // schedule that fails at a step stops the run there: the steps before it run first, and that step's membrane
        // update, so a membrane overflow at an earlier step or at that one is still the failure reported, as when the
        // steps ran one by one (the layer integrates a step before the rule asks for its rate).
        int limit = run.To;
        ExceptionDispatchInfo? scheduleError = null;
        if (run.Learn)
        {
            ws.EnsureAmplitudes(run.To - run.From);
            for (int t = run.From; t < run.To; t++)
            {
                long step = run.FirstStep + (t - run.From);
                try
                {
                    float eta = run.Schedule is null ? run.Rate : Schedules.Checked(run.Schedule, step);
                    (ws.PlusAmplitudes[t - run.From], ws.MinusAmplitudes[t - run.From]) = StdpUpdate.Amplitudes(eta, run.APlus, run.AMinus, step);
                }
                catch (Exception e)
                {
                    scheduleError = ExceptionDispatchInfo.Capture(e);
                    limit = t;
                    break;
                }
            }
        }
        var parts = ws.Parts;
        ws.CurrentRun = run;
        ws.CurrentLimit = limit;
        try
        {
            if (parts.Length == 1)
            {
                RunPart(ws, 0);
            }
            else
            {
                if (!ReferenceEquals(ws.PartBodyOwner, this))
                {
                    ws.PartBody = p => RunPart(ws, p);
                    ws.PartBodyOwner = this;
                }
                HotTeam.For(parts.Length, ws.PartBody!);
            }
        }
        finally
        {
            ws.CurrentRun = null;
        }
        // The earliest failure, and at one step the lowest output (parts are in output order): what one pass over
        // the outputs, step by step, meets first. A membrane overflow at the failing schedule's step comes first too.
        StdpPart? failed = null;
        long spikes = 0;
        foreach (var part in parts)
        {
            spikes += part.Spikes;
            if (part.Failure is not null && (failed is null || part.FailedStep < failed.FailedStep)) failed = part;
        }
        if (failed is not null) ExceptionDispatchInfo.Throw(failed.Failure!);
        scheduleError?.Throw();
        return spikes;
    }

    /// <summary>
    /// Runs the steps [From, limit) of the workspace's current run on part <paramref name="index"/>: its outputs, its
    /// columns of W and its copy of the traces. A membrane overflow stops the part and is kept in
    /// <see cref="StdpPart.Failure"/> with its step.
    /// </summary>
    private static void RunPart(StdpWorkspace ws, int index)
    {
        var run = ws.CurrentRun!;
        var part = ws.Parts[index];
        int m = ws.Outputs, count = part.Count(m);
        float[]? clamped = run.ClampedPost?.Data;
        float[]? postOut = run.PostOut?.Data;
        int[] start = ws.ActiveStart;
        long spikes = 0;
        part.Failure = null;
        int t = run.From;
        try
        {
            for (; t < ws.CurrentLimit; t++)
            {
                var active = new ReadOnlySpan<int>(ws.ActiveIndex, start[t], start[t + 1] - start[t]);
                int fired;
                int blocks = clamped is null
                    ? Integrate(ws, part, active, run, out fired)
                    : Clamp(part, new ReadOnlySpan<float>(clamped, t * m + part.First, count), out fired);
                spikes += fired;
                if (postOut is not null) part.Post.AsSpan(0, count).CopyTo(postOut.AsSpan(t * m + part.First, count));
                DecayAddActive(part.PreTrace, run.PreDecay, active);
                DecayAdd(part.PostTrace, run.PostDecay, part.Post);
                if (!run.Learn) continue;
                int k = t - run.From;
                Learn(ws, part, active, blocks, ws.PlusAmplitudes[k], ws.MinusAmplitudes[k], run.MinWeight, run.MaxWeight);
            }
            // A schedule that failed at step t = limit: step by step, the layer integrates step t before the rule asks
            // the schedule for its rate, so a membrane overflow at step t is the failure to report. The run is
            // refused either way, so the part's state after this is never used.
            if (t < run.To && clamped is null)
            {
                Integrate(ws, part, new ReadOnlySpan<int>(ws.ActiveIndex, start[t], start[t + 1] - start[t]), run, out _);
            }
        }
        catch (NotFiniteNumberException e)
        {
            part.Failure = e;
            part.FailedStep = t;
        }
        part.Spikes = spikes;
    }

    /// <summary>
    /// <c>h = Σ_{active j, ascending} WT_j</c> over the part's outputs, then per output not refractory
    /// <c>v ← λ v + h</c>, a spike when <c>v ≥ threshold</c> (then <c>v ← reset</c>, refractory for the set steps);
    /// refractory outputs count down. Writes the spikes to <see cref="StdpPart.Post"/>, their number to
    /// <paramref name="fired"/>, and returns how many vectors hold a spike (listed in <see cref="StdpPart.SpikingBlocks"/>).
    /// </summary>
    private static int Integrate(StdpWorkspace ws, StdpPart part, ReadOnlySpan<int> active, StdpRun run, out int fired)
    {
        int s = part.Width, width = part.Width;
        ref float h = ref MemoryMarshal.GetArrayDataReference(part.Field);
        ref float wt = ref part.Weights;
        // Four vectors of outputs at a time in registers, then two, then one, each summed over the active rows in
        // ascending order (how many at a time does not change any output's sum). Nothing is read past the part's
        // columns, which another core may be writing.
        int b = 0;
        for (; b + 4 * Lanes <= width; b += 4 * Lanes)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            foreach (int j in active)
            {
                ref float row = ref Unsafe.Add(ref wt, (nint)j * s + b);
                a0 += Vector512.LoadUnsafe(ref row);
                a1 += Vector512.LoadUnsafe(ref row, Lanes);
                a2 += Vector512.LoadUnsafe(ref row, 2 * Lanes);
                a3 += Vector512.LoadUnsafe(ref row, 3 * Lanes);
            }
            a0.StoreUnsafe(ref h, (nuint)b);
            a1.StoreUnsafe(ref h, (nuint)(b + Lanes));
            a2.StoreUnsafe(ref h, (nuint)(b + 2 * Lanes));
            a3.StoreUnsafe(ref h, (nuint)(b + 3 * Lanes));
        }
        if (b + 2 * Lanes <= width)
        {
            Vector512<float> a0 = default, a1 = default;
            foreach (int j in active)
            {
                ref float row = ref Unsafe.Add(ref wt, (nint)j * s + b);
                a0 += Vector512.LoadUnsafe(ref row);
                a1 += Vector512.LoadUnsafe(ref row, Lanes);
            }
            a0.StoreUnsafe(ref h, (nuint)b);
            a1.StoreUnsafe(ref h, (nuint)(b + Lanes));
            b += 2 * Lanes;
        }
        if (b < width)
        {
            Vector512<float> a0 = default;
            foreach (int j in active) a0 += Vector512.LoadUnsafe(ref Unsafe.Add(ref wt, (nint)j * s + b));
            a0.StoreUnsafe(ref h, (nuint)b);
        }
        ref float v = ref MemoryMarshal.GetArrayDataReference(part.Membrane);
        ref int r = ref MemoryMarshal.GetArrayDataReference(part.Refractory);
        ref float post = ref MemoryMarshal.GetArrayDataReference(part.Post);
        var leak = Vector512.Create(run.Leak);
        var threshold = Vector512.Create(run.Threshold);
        var reset = Vector512.Create(run.ResetPotential);
        var refractorySteps = Vector512.Create(run.RefractorySteps);
        var one = Vector512<float>.One;
        var outputs = Vector512.Create(ws.Outputs - part.First);
        var largest = Vector512.Create(float.MaxValue);
        int count = 0;
        fired = 0;
        for (b = 0; b < width; b += Lanes)
        {
            var vb = Vector512.LoadUnsafe(ref v, (nuint)b);
            var rb = Vector512.LoadUnsafe(ref r, (nuint)b);
            var waiting = Vector512.GreaterThan(rb, Vector512<int>.Zero);
            var valid = Vector512.LessThan(Vector512<int>.Indices + Vector512.Create(b), outputs);
            var vn = leak * vb + Vector512.LoadUnsafe(ref h, (nuint)b);
            // An update that overflows float32 (|x| ≤ max is false for ±∞ and NaN) is refused as SpikingLayer.Step
            // refuses it, naming the first such output: the kernel works on the workspace's copy, so the layer is as it was.
            var overflow = Vector512.AndNot(~Vector512.LessThanOrEqual(Vector512.Abs(vn), largest).AsInt32() & valid, waiting);
            if (overflow != Vector512<int>.Zero)
            {
                int lane = BitOperations.TrailingZeroCount((uint)overflow.ExtractMostSignificantBits());
                throw SpikingLayer.MembraneOverflow(part.First + b + lane, run.Leak, vb[lane], Unsafe.Add(ref h, b + lane));
            }
            var fire = Vector512.AndNot(Vector512.GreaterThanOrEqual(vn, threshold).AsInt32() & valid, waiting);
            Vector512.ConditionalSelect(waiting.AsSingle(), vb, Vector512.ConditionalSelect(fire.AsSingle(), reset, vn)).StoreUnsafe(ref v, (nuint)b);
            Vector512.ConditionalSelect(waiting, rb - Vector512<int>.One, Vector512.ConditionalSelect(fire, refractorySteps, rb)).StoreUnsafe(ref r, (nuint)b);
            (fire.AsSingle() & one).StoreUnsafe(ref post, (nuint)b);
            uint bits = (uint)fire.ExtractMostSignificantBits();
            if (bits != 0)
            {
                fired += BitOperations.PopCount(bits);
                part.SpikingBlocks[count++] = b;
            }
        }
        return count;
    }

    /// <summary>Copies a part's teacher-forced spikes into <see cref="StdpPart.Post"/>; as <see cref="Integrate"/> for the rest.</summary>
    private static int Clamp(StdpPart part, ReadOnlySpan<float> spikes, out int fired)
    {
        spikes.CopyTo(part.Post);
        ref float post = ref MemoryMarshal.GetArrayDataReference(part.Post);
        int count = 0;
        fired = 0;
        for (int b = 0; b < part.Width; b += Lanes)
        {
            uint bits = (uint)Vector512.GreaterThan(Vector512.LoadUnsafe(ref post, (nuint)b), Vector512<float>.Zero).ExtractMostSignificantBits();
            if (bits != 0)
            {
                fired += BitOperations.PopCount(bits);
                part.SpikingBlocks[count++] = b;
            }
        }
        return count;
    }

    /// <summary>The rule on the rows of the active inputs and, for the vectors holding a spike, on every other row.</summary>
    private static void Learn(StdpWorkspace ws, StdpPart part, ReadOnlySpan<int> active, int blocks, float aPlus, float aMinus, float lo, float hi)
    {
        int s = part.Width, n = ws.Inputs, width = part.Width;
        ref float post = ref MemoryMarshal.GetArrayDataReference(part.Post);
        ref float ybar = ref MemoryMarshal.GetArrayDataReference(part.PostTrace);
        ref float plus = ref MemoryMarshal.GetArrayDataReference(part.Plus);
        ref float minus = ref MemoryMarshal.GetArrayDataReference(part.Minus);
        var vPlus = Vector512.Create(aPlus);
        var vMinus = Vector512.Create(aMinus);
        bool anyMinus = false;
        for (int b = 0; b < width; b += Lanes)
        {
            var pb = Vector512.LoadUnsafe(ref post, (nuint)b);
            (pb * vPlus).StoreUnsafe(ref plus, (nuint)b);
            var mb = vMinus * Vector512.LoadUnsafe(ref ybar, (nuint)b);
            mb.StoreUnsafe(ref minus, (nuint)b);
            anyMinus |= mb != Vector512<float>.Zero;
        }
        ref float wt = ref part.Weights;
        ref float xbar = ref MemoryMarshal.GetArrayDataReference(part.PreTrace);
        var lanesLo = Vector512.Create(lo);
        var lanesHi = Vector512.Create(hi);
        if (blocks == 0)
        {
            // No output spiked: p = +0 everywhere, and only the active inputs' rows can change.
            if (!anyMinus) return;
            foreach (int j in active) FullRow(ref Unsafe.Add(ref wt, (nint)j * s), width, Vector512<float>.Zero, ref minus, ref minus, lanesLo, lanesHi, zeroPlus: true);
            return;
        }
        ReadOnlySpan<int> spiking = part.SpikingBlocks.AsSpan(0, blocks);
        bool narrow = width <= NarrowVectors * Lanes;
        uint mask = 0;
        foreach (int b in spiking) mask |= 1u << (b / Lanes);
        int from = 0;
        foreach (int j in active)
        {
            if (narrow) PotentiateNarrowRows(ref wt, ref xbar, from, j, s, width, mask, ref plus, lanesLo, lanesHi);
            else PotentiateRows(ref wt, ref xbar, from, j, s, width, spiking, ref plus, lanesLo, lanesHi);
            FullRow(ref Unsafe.Add(ref wt, (nint)j * s), width, Vector512.Create(Unsafe.Add(ref xbar, j)), ref plus, ref minus, lanesLo, lanesHi, zeroPlus: false);
            from = j + 1;
        }
        if (narrow) PotentiateNarrowRows(ref wt, ref xbar, from, n, s, width, mask, ref plus, lanesLo, lanesHi);
        else PotentiateRows(ref wt, ref xbar, from, n, s, width, spiking, ref plus, lanesLo, lanesHi);
    }

    /// <summary>Rows of at most this many vectors (128 outputs) take <see cref="PotentiateNarrowRows"/>.</summary>
    private const int NarrowVectors = 8;

    /// <summary>
    /// <see cref="PotentiateRows"/> for rows of at most <see cref="NarrowVectors"/> vectors: the vectors of
    /// <c>s_post η A₊</c> stay in registers for all the rows, and each row tests a fixed bit per vector of
    /// <paramref name="mask"/> (bit k set when vector k holds a spike; the same for every row of a step, so the branches
    /// predict) instead of walking the list of spiking vectors. The same operations per synapse.
    /// </summary>
    private static void PotentiateNarrowRows(ref float wt, ref float xbar, int from, int to, int s, int width, uint mask, ref float plus, Vector512<float> lo, Vector512<float> hi)
    {
        int count = width / Lanes;
        var p0 = Vector512.LoadUnsafe(ref plus);
        var p1 = count > 1 ? Vector512.LoadUnsafe(ref plus, Lanes) : default;
        var p2 = count > 2 ? Vector512.LoadUnsafe(ref plus, 2 * Lanes) : default;
        var p3 = count > 3 ? Vector512.LoadUnsafe(ref plus, 3 * Lanes) : default;
        var p4 = count > 4 ? Vector512.LoadUnsafe(ref plus, 4 * Lanes) : default;
        var p5 = count > 5 ? Vector512.LoadUnsafe(ref plus, 5 * Lanes) : default;
        var p6 = count > 6 ? Vector512.LoadUnsafe(ref plus, 6 * Lanes) : default;
        var p7 = count > 7 ? Vector512.LoadUnsafe(ref plus, 7 * Lanes) : default;
        int j = from;
        for (; j + 1 < to; j += 2)
        {
            float x = Unsafe.Add(ref xbar, j), y = Unsafe.Add(ref xbar, j + 1);
            if (x == 0f || y == 0f) break;
            var xj = Vector512.Create(x);
            var yj = Vector512.Create(y);
            ref float row = ref Unsafe.Add(ref wt, (nint)j * s);
            ref float next = ref Unsafe.Add(ref row, s);
            if ((mask & 1u) != 0) { Potentiate(ref row, 0, p0, xj, lo, hi); Potentiate(ref next, 0, p0, yj, lo, hi); }
            if ((mask & 2u) != 0) { Potentiate(ref row, Lanes, p1, xj, lo, hi); Potentiate(ref next, Lanes, p1, yj, lo, hi); }
            if ((mask & 4u) != 0) { Potentiate(ref row, 2 * Lanes, p2, xj, lo, hi); Potentiate(ref next, 2 * Lanes, p2, yj, lo, hi); }
            if ((mask & 8u) != 0) { Potentiate(ref row, 3 * Lanes, p3, xj, lo, hi); Potentiate(ref next, 3 * Lanes, p3, yj, lo, hi); }
            if ((mask & 16u) != 0) { Potentiate(ref row, 4 * Lanes, p4, xj, lo, hi); Potentiate(ref next, 4 * Lanes, p4, yj, lo, hi); }
            if ((mask & 32u) != 0) { Potentiate(ref row, 5 * Lanes, p5, xj, lo, hi); Potentiate(ref next, 5 * Lanes, p5, yj, lo, hi); }
            if ((mask & 64u) != 0) { Potentiate(ref row, 6 * Lanes, p6, xj, lo, hi); Potentiate(ref next, 6 * Lanes, p6, yj, lo, hi); }
            if ((mask & 128u) != 0) { Potentiate(ref row, 7 * Lanes, p7, xj, lo, hi); Potentiate(ref next, 7 * Lanes, p7, yj, lo, hi); }
        }
        for (; j < to; j++)
        {
            float x = Unsafe.Add(ref xbar, j);
            if (x == 0f) continue;
            var xj = Vector512.Create(x);
            ref float row = ref Unsafe.Add(ref wt, (nint)j * s);
            if ((mask & 1u) != 0) Potentiate(ref row, 0, p0, xj, lo, hi);
            if ((mask & 2u) != 0) Potentiate(ref row, Lanes, p1, xj, lo, hi);
            if ((mask & 4u) != 0) Potentiate(ref row, 2 * Lanes, p2, xj, lo, hi);
            if ((mask & 8u) != 0) Potentiate(ref row, 3 * Lanes, p3, xj, lo, hi);
            if ((mask & 16u) != 0) Potentiate(ref row, 4 * Lanes, p4, xj, lo, hi);
            if ((mask & 32u) != 0) Potentiate(ref row, 5 * Lanes, p5, xj, lo, hi);
            if ((mask & 64u) != 0) Potentiate(ref row, 6 * Lanes, p6, xj, lo, hi);
            if ((mask & 128u) != 0) Potentiate(ref row, 7 * Lanes, p7, xj, lo, hi);
        }
    }

    /// <summary>The vector at <paramref name="b"/> of a row: <c>w ← op(w, plus_b · x̄_j, +0)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Potentiate(ref float row, nuint b, Vector512<float> plusB, Vector512<float> xj, Vector512<float> lo, Vector512<float> hi) =>
        TBounds.Potentiate(Vector512.LoadUnsafe(ref row, b), plusB * xj, lo, hi).StoreUnsafe(ref row, b);

    /// <summary>Row of an input that spiked: <c>w ← op(w, (s_post η A₊) x̄_j, η A₋ ȳ)</c> on every vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FullRow(ref float row, int width, Vector512<float> xj, ref float plus, ref float minus, Vector512<float> lo, Vector512<float> hi, bool zeroPlus)
    {
        for (int b = 0; b < width; b += Lanes)
        {
            var p = zeroPlus ? Vector512<float>.Zero : Vector512.LoadUnsafe(ref plus, (nuint)b) * xj;
            TBounds.Apply(Vector512.LoadUnsafe(ref row, (nuint)b), p, Vector512.LoadUnsafe(ref minus, (nuint)b), lo, hi).StoreUnsafe(ref row, (nuint)b);
        }
    }

    /// <summary>
    /// Rows [from, to) of inputs that did not spike: <c>w ← op(w, (s_post η A₊) x̄_j, +0)</c> on the vectors holding a
    /// spike (all of them, in a plain loop, when every vector does).
    /// </summary>
    private static void PotentiateRows(ref float wt, ref float xbar, int from, int to, int s, int width, ReadOnlySpan<int> spiking, ref float plus, Vector512<float> lo, Vector512<float> hi)
    {
        bool all = spiking.Length * Lanes == width;
        for (int j = from; j < to; j++)
        {
            float x = Unsafe.Add(ref xbar, j);
            if (x == 0f) continue;
            var xj = Vector512.Create(x);
            ref float row = ref Unsafe.Add(ref wt, (nint)j * s);
            if (all)
            {
                for (int b = 0; b < width; b += Lanes)
                {
                    var p = Vector512.LoadUnsafe(ref plus, (nuint)b) * xj;
                    TBounds.Potentiate(Vector512.LoadUnsafe(ref row, (nuint)b), p, lo, hi).StoreUnsafe(ref row, (nuint)b);
                }
            }
            else
            {
                foreach (int b in spiking)
                {
                    var p = Vector512.LoadUnsafe(ref plus, (nuint)b) * xj;
                    TBounds.Potentiate(Vector512.LoadUnsafe(ref row, (nuint)b), p, lo, hi).StoreUnsafe(ref row, (nuint)b);
                }
            }
        }
    }

    /// <summary>
    /// <c>x̄_j ← d x̄_j + s_j</c> from the list of the inputs that spiked, without reading the raster's row again: every
    /// trace gets <c>d x̄_j + 0</c>, then the active ones <c>+ 1</c>. The same roundings as with s_j read from the row:
    /// <c>(d x̄ + 0) + 1</c> equals <c>d x̄ + 1</c> (adding +0 changes only a −0, and −0 + 1 = +0 + 1).
    /// </summary>
    private static void DecayAddActive(float[] trace, float decay, ReadOnlySpan<int> active)
    {
        int n = trace.Length, j = 0;
        ref float pt = ref MemoryMarshal.GetArrayDataReference(trace);
        var vd = Vector512.Create(decay);
        for (; j <= n - Lanes; j += Lanes)
        {
            (vd * Vector512.LoadUnsafe(ref pt, (nuint)j) + Vector512<float>.Zero).StoreUnsafe(ref pt, (nuint)j);
        }
        for (; j < n; j++) Unsafe.Add(ref pt, j) = decay * Unsafe.Add(ref pt, j) + 0f;
        foreach (int k in active) Unsafe.Add(ref pt, k) += 1f;
    }

    /// <summary><c>trace_k ← decay · trace_k + s_k</c> for k &lt; spikes.Length.</summary>
    private static void DecayAdd(float[] trace, float decay, ReadOnlySpan<float> spikes)
    {
        int n = spikes.Length, j = 0;
        ref float pt = ref MemoryMarshal.GetArrayDataReference(trace);
        ref float ps = ref MemoryMarshal.GetReference(spikes);
        var vd = Vector512.Create(decay);
        for (; j <= n - Lanes; j += Lanes)
        {
            (vd * Vector512.LoadUnsafe(ref pt, (nuint)j) + Vector512.LoadUnsafe(ref ps, (nuint)j)).StoreUnsafe(ref pt, (nuint)j);
        }
        for (; j < n; j++) Unsafe.Add(ref pt, j) = decay * Unsafe.Add(ref pt, j) + Unsafe.Add(ref ps, j);
    }
}
