using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Canns.Trainers;

/// <summary>A compiled STDP kernel for one bounds mode.</summary>
internal interface IStdpKernel
{
    /// <summary>Runs the steps [From, To) of <paramref name="run"/>; returns the number of output spikes.</summary>
    long Run(StdpRun run);
}

/// <summary>
/// Event-driven STDP over a spike raster: per step only the active inputs enter the membrane sums, only the rows of
/// neurons that spiked are potentiated (a vector pass over the row) and only the columns of inputs that spiked are
/// depressed. Every synapse it touches gets exactly the dense rule's float operations, and every synapse it skips
/// would have received <c>w + (0 − 0)</c>, so the weights equal the dense step path's bit for bit.
/// </summary>
/// <remarks>Rows are independent within a step, so each row's field, spike, trace and update are fused in one pass.</remarks>
internal sealed class StdpKernel<TBounds> : IStdpKernel where TBounds : struct, IStdpBoundsOp
{
    public long Run(StdpRun run)
    {
        int m = run.Outputs, n = run.Inputs;
        float[] w = run.W, v = run.Membrane, xbar = run.PreTrace, ybar = run.PostTrace;
        int[] refractory = run.Refractory;
        float[] pre = run.Pre.Data;
        float[]? clamped = run.ClampedPost?.Data;
        float[]? postOut = run.PostOut?.Data;
        float lo = run.WeightMin, hi = run.WeightMax;
        long spikes = 0;
        for (int t = run.From; t < run.To; t++)
        {
            var active = new ReadOnlySpan<int>(run.ActiveIndex, run.ActiveStart[t], run.ActiveStart[t + 1] - run.ActiveStart[t]);
            var preRow = new ReadOnlySpan<float>(pre, t * n, n);
            DecayAdd(xbar, run.PreDecay, preRow);
            float eta = !run.Learn ? 0f : run.Schedule is null ? run.Rate : Schedules.Checked(run.Schedule, run.FirstStep + (t - run.From));
            float aPlus = eta * run.APlus, aMinus = eta * run.AMinus;
            for (int i = 0; i < m; i++)
            {
                ref float row = ref w[i * n];
                float spike;
                if (clamped is not null)
                {
                    spike = clamped[(long)t * m + i];
                }
                else if (refractory[i] > 0)
                {
                    refractory[i]--;
                    spike = 0f;
                }
                else
                {
                    float h = 0f;
                    foreach (int j in active) h += Unsafe.Add(ref row, j);
                    float vi = run.Leak * v[i] + h;
                    spike = 0f;
                    if (vi >= run.Threshold)
                    {
                        spike = 1f;
                        vi = run.ResetPotential;
                        refractory[i] = run.RefractorySteps;
                    }
                    v[i] = vi;
                }
                float yi = run.PostDecay * ybar[i] + spike;
                ybar[i] = yi;
                if (postOut is not null) postOut[(long)t * m + i] = spike;
                if (spike != 0f)
                {
                    spikes++;
                    if (run.Learn) PotentiateRow(MemoryMarshal.CreateSpan(ref row, n), xbar, preRow, aPlus, aMinus, yi, lo, hi);
                }
                else if (run.Learn && yi != 0f && active.Length > 0)
                {
                    // Only the active columns of a silent row change: p = (0·A₊)·x̄ = 0 and d = (1·A₋)·ȳ.
                    float d = aMinus * yi;
                    foreach (int j in active) Unsafe.Add(ref row, j) = TBounds.Apply(Unsafe.Add(ref row, j), 0f, d, lo, hi);
                }
            }
        }
        return spikes;
    }

    /// <summary>The row of a neuron that spiked: <c>w_j ← op(w_j, A₊ x̄_j, (s_pre,j A₋) ȳ_i)</c> over the whole row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PotentiateRow(Span<float> row, float[] xbar, ReadOnlySpan<float> pre, float aPlus, float aMinus, float yi, float lo, float hi)
    {
        int n = row.Length, j = 0;
        ref float pw = ref MemoryMarshal.GetReference(row);
        ref float px = ref MemoryMarshal.GetArrayDataReference(xbar);
        ref float ps = ref MemoryMarshal.GetReference(pre);
        var vPlus = new Vector<float>(aPlus);
        var vMinus = new Vector<float>(aMinus);
        var vy = new Vector<float>(yi);
        var vlo = new Vector<float>(lo);
        var vhi = new Vector<float>(hi);
        for (; j <= n - Vector<float>.Count; j += Vector<float>.Count)
        {
            var p = vPlus * Vector.LoadUnsafe(ref px, (nuint)j);
            var d = Vector.LoadUnsafe(ref ps, (nuint)j) * vMinus * vy;
            TBounds.Apply(Vector.LoadUnsafe(ref pw, (nuint)j), p, d, vlo, vhi).StoreUnsafe(ref pw, (nuint)j);
        }
        for (; j < n; j++)
        {
            float p = aPlus * Unsafe.Add(ref px, j);
            float d = Unsafe.Add(ref ps, j) * aMinus * yi;
            Unsafe.Add(ref pw, j) = TBounds.Apply(Unsafe.Add(ref pw, j), p, d, lo, hi);
        }
    }

    /// <summary><c>x̄_j ← d₊ x̄_j + s_j</c>.</summary>
    private static void DecayAdd(float[] trace, float decay, ReadOnlySpan<float> spikes)
    {
        int n = trace.Length, j = 0;
        ref float pt = ref MemoryMarshal.GetArrayDataReference(trace);
        ref float ps = ref MemoryMarshal.GetReference(spikes);
        var vd = new Vector<float>(decay);
        for (; j <= n - Vector<float>.Count; j += Vector<float>.Count)
        {
            (vd * Vector.LoadUnsafe(ref pt, (nuint)j) + Vector.LoadUnsafe(ref ps, (nuint)j)).StoreUnsafe(ref pt, (nuint)j);
        }
        for (; j < n; j++) Unsafe.Add(ref pt, j) = decay * Unsafe.Add(ref pt, j) + Unsafe.Add(ref ps, j);
    }
}
