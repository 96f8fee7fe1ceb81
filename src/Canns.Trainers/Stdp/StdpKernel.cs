using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Canns.Models;

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
/// </summary>
internal sealed class StdpKernel<TBounds> : IStdpKernel where TBounds : struct, IStdpBoundsOp
{
    private const int Lanes = 16;

    public long Run(StdpRun run)
    {
        var ws = run.Workspace;
        int m = ws.Outputs, n = ws.Inputs;
        float[] pre = run.Pre.Data;
        float[]? clamped = run.ClampedPost?.Data;
        float[]? postOut = run.PostOut?.Data;
        int[] start = ws.ActiveStart;
        long spikes = 0;
        for (int t = run.From; t < run.To; t++)
        {
            var active = new ReadOnlySpan<int>(ws.ActiveIndex, start[t], start[t + 1] - start[t]);
            int fired;
            int blocks = clamped is null ? Integrate(ws, active, run, out fired) : Clamp(ws, new ReadOnlySpan<float>(clamped, t * m, m), out fired);
            spikes += fired;
            if (postOut is not null) ws.Post.AsSpan(0, m).CopyTo(postOut.AsSpan(t * m, m));
            DecayAdd(ws.PreTrace, run.PreDecay, new ReadOnlySpan<float>(pre, t * n, n));
            DecayAdd(ws.PostTrace, run.PostDecay, ws.Post);
            if (!run.Learn) continue;
            long step = run.FirstStep + (t - run.From);
            float eta = run.Schedule is null ? run.Rate : Schedules.Checked(run.Schedule, step);
            var (aPlus, aMinus) = StdpUpdate.Amplitudes(eta, run.APlus, run.AMinus, step);
            Learn(ws, active, blocks, aPlus, aMinus, run.MinWeight, run.MaxWeight);
        }
        return spikes;
    }

    /// <summary>
    /// <c>h = Σ_{active j, ascending} WT_j</c>, then per output not refractory <c>v ← λ v + h</c>, a spike when
    /// <c>v ≥ threshold</c> (then <c>v ← reset</c>, refractory for the set steps); refractory outputs count down.
    /// Writes the spikes to <see cref="StdpWorkspace.Post"/>, their number to <paramref name="fired"/>, and returns how
    /// many vectors hold a spike (listed in <see cref="StdpWorkspace.SpikingBlocks"/>).
    /// </summary>
    private static int Integrate(StdpWorkspace ws, ReadOnlySpan<int> active, StdpRun run, out int fired)
    {
        int s = ws.Stride;
        ref float h = ref MemoryMarshal.GetArrayDataReference(ws.Field);
        ref float wt = ref ws.Weights;
        // Four vectors of outputs at a time in registers, each summed over the active rows in ascending order; a last
        // group of fewer than four reads past the row (into the next one, or the slack after WT) and drops the excess.
        for (int b = 0; b < s; b += 4 * Lanes)
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
            int left = (s - b) / Lanes;
            a0.StoreUnsafe(ref h, (nuint)b);
            if (left > 1) a1.StoreUnsafe(ref h, (nuint)(b + Lanes));
            if (left > 2) a2.StoreUnsafe(ref h, (nuint)(b + 2 * Lanes));
            if (left > 3) a3.StoreUnsafe(ref h, (nuint)(b + 3 * Lanes));
        }
        ref float v = ref MemoryMarshal.GetArrayDataReference(ws.Membrane);
        ref int r = ref MemoryMarshal.GetArrayDataReference(ws.Refractory);
        ref float post = ref MemoryMarshal.GetArrayDataReference(ws.Post);
        var leak = Vector512.Create(run.Leak);
        var threshold = Vector512.Create(run.Threshold);
        var reset = Vector512.Create(run.ResetPotential);
        var refractorySteps = Vector512.Create(run.RefractorySteps);
        var one = Vector512<float>.One;
        var outputs = Vector512.Create(ws.Outputs);
        var largest = Vector512.Create(float.MaxValue);
        int count = 0;
        fired = 0;
        for (int b = 0; b < s; b += Lanes)
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
                throw SpikingLayer.MembraneOverflow(b + lane, run.Leak, vb[lane], Unsafe.Add(ref h, b + lane));
            }
            var fire = Vector512.AndNot(Vector512.GreaterThanOrEqual(vn, threshold).AsInt32() & valid, waiting);
            Vector512.ConditionalSelect(waiting.AsSingle(), vb, Vector512.ConditionalSelect(fire.AsSingle(), reset, vn)).StoreUnsafe(ref v, (nuint)b);
            Vector512.ConditionalSelect(waiting, rb - Vector512<int>.One, Vector512.ConditionalSelect(fire, refractorySteps, rb)).StoreUnsafe(ref r, (nuint)b);
            (fire.AsSingle() & one).StoreUnsafe(ref post, (nuint)b);
            uint bits = (uint)fire.ExtractMostSignificantBits();
            if (bits != 0)
            {
                fired += BitOperations.PopCount(bits);
                ws.SpikingBlocks[count++] = b;
            }
        }
        return count;
    }

    /// <summary>Copies teacher-forced spikes into <see cref="StdpWorkspace.Post"/>; as <see cref="Integrate"/> for the rest.</summary>
    private static int Clamp(StdpWorkspace ws, ReadOnlySpan<float> spikes, out int fired)
    {
        spikes.CopyTo(ws.Post);
        ref float post = ref MemoryMarshal.GetArrayDataReference(ws.Post);
        int count = 0;
        fired = 0;
        for (int b = 0; b < ws.Stride; b += Lanes)
        {
            uint bits = (uint)Vector512.GreaterThan(Vector512.LoadUnsafe(ref post, (nuint)b), Vector512<float>.Zero).ExtractMostSignificantBits();
            if (bits != 0)
            {
                fired += BitOperations.PopCount(bits);
                ws.SpikingBlocks[count++] = b;
            }
        }
        return count;
    }

    /// <summary>The rule on the rows of the active inputs and, for the vectors holding a spike, on every other row.</summary>
    private static void Learn(StdpWorkspace ws, ReadOnlySpan<int> active, int blocks, float aPlus, float aMinus, float lo, float hi)
    {
        int s = ws.Stride, n = ws.Inputs;
        ref float post = ref MemoryMarshal.GetArrayDataReference(ws.Post);
        ref float ybar = ref MemoryMarshal.GetArrayDataReference(ws.PostTrace);
        ref float plus = ref MemoryMarshal.GetArrayDataReference(ws.Plus);
        ref float minus = ref MemoryMarshal.GetArrayDataReference(ws.Minus);
        var vPlus = Vector512.Create(aPlus);
        var vMinus = Vector512.Create(aMinus);
        bool anyMinus = false;
        for (int b = 0; b < s; b += Lanes)
        {
            var pb = Vector512.LoadUnsafe(ref post, (nuint)b);
            (pb * vPlus).StoreUnsafe(ref plus, (nuint)b);
            var mb = vMinus * Vector512.LoadUnsafe(ref ybar, (nuint)b);
            mb.StoreUnsafe(ref minus, (nuint)b);
            anyMinus |= mb != Vector512<float>.Zero;
        }
        ref float wt = ref ws.Weights;
        ref float xbar = ref MemoryMarshal.GetArrayDataReference(ws.PreTrace);
        var lanesLo = Vector512.Create(lo);
        var lanesHi = Vector512.Create(hi);
        if (blocks == 0)
        {
            // No output spiked: p = +0 everywhere, and only the active inputs' rows can change.
            if (!anyMinus) return;
            foreach (int j in active) FullRow(ref Unsafe.Add(ref wt, (nint)j * s), s, Vector512<float>.Zero, ref minus, ref minus, lanesLo, lanesHi, zeroPlus: true);
            return;
        }
        ReadOnlySpan<int> spiking = ws.SpikingBlocks.AsSpan(0, blocks);
        bool narrow = s <= NarrowVectors * Lanes;
        uint mask = 0;
        foreach (int b in spiking) mask |= 1u << (b / Lanes);
        int from = 0;
        foreach (int j in active)
        {
            if (narrow) PotentiateNarrowRows(ref wt, ref xbar, from, j, s, mask, ref plus, lanesLo, lanesHi);
            else PotentiateRows(ref wt, ref xbar, from, j, s, spiking, ref plus, lanesLo, lanesHi);
            FullRow(ref Unsafe.Add(ref wt, (nint)j * s), s, Vector512.Create(Unsafe.Add(ref xbar, j)), ref plus, ref minus, lanesLo, lanesHi, zeroPlus: false);
            from = j + 1;
        }
        if (narrow) PotentiateNarrowRows(ref wt, ref xbar, from, n, s, mask, ref plus, lanesLo, lanesHi);
        else PotentiateRows(ref wt, ref xbar, from, n, s, spiking, ref plus, lanesLo, lanesHi);
    }

    /// <summary>Rows of at most this many vectors (128 outputs) take <see cref="PotentiateNarrowRows"/>.</summary>
    private const int NarrowVectors = 8;

    /// <summary>
    /// <see cref="PotentiateRows"/> for rows of at most <see cref="NarrowVectors"/> vectors: the vectors of
    /// <c>s_post η A₊</c> stay in registers for all the rows, and each row tests a fixed bit per vector of
    /// <paramref name="mask"/> (bit k set when vector k holds a spike; the same for every row of a step, so the branches
    /// predict) instead of walking the list of spiking vectors. The same operations per synapse.
    /// </summary>
    private static void PotentiateNarrowRows(ref float wt, ref float xbar, int from, int to, int s, uint mask, ref float plus, Vector512<float> lo, Vector512<float> hi)
    {
        int count = s / Lanes;
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
    private static void FullRow(ref float row, int s, Vector512<float> xj, ref float plus, ref float minus, Vector512<float> lo, Vector512<float> hi, bool zeroPlus)
    {
        for (int b = 0; b < s; b += Lanes)
        {
            var p = zeroPlus ? Vector512<float>.Zero : Vector512.LoadUnsafe(ref plus, (nuint)b) * xj;
            TBounds.Apply(Vector512.LoadUnsafe(ref row, (nuint)b), p, Vector512.LoadUnsafe(ref minus, (nuint)b), lo, hi).StoreUnsafe(ref row, (nuint)b);
        }
    }

    /// <summary>
    /// Rows [from, to) of inputs that did not spike: <c>w ← op(w, (s_post η A₊) x̄_j, +0)</c> on the vectors holding a
    /// spike (all of them, in a plain loop, when every vector does).
    /// </summary>
    private static void PotentiateRows(ref float wt, ref float xbar, int from, int to, int s, ReadOnlySpan<int> spiking, ref float plus, Vector512<float> lo, Vector512<float> hi)
    {
        bool all = spiking.Length * Lanes == s;
        for (int j = from; j < to; j++)
        {
            float x = Unsafe.Add(ref xbar, j);
            if (x == 0f) continue;
            var xj = Vector512.Create(x);
            ref float row = ref Unsafe.Add(ref wt, (nint)j * s);
            if (all)
            {
                for (int b = 0; b < s; b += Lanes)
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
