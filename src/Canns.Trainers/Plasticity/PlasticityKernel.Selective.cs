using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Canns.Trainers;

internal static partial class PlasticityKernel
{
    /// <summary>The constants of the selective gate for one application.</summary>
    /// <param name="TraceDecay">β.</param>
    /// <param name="Scale">k (0 during the warm-up or while ē = 0: every gate is then 1).</param>
    /// <param name="Decay">δ.</param>
    /// <param name="Threshold">Synapses whose trace is at or below it are not gated (g = 1); −1 (below any trace) gates every one.</param>
    /// <param name="Mean">ē, by which each trace is divided (1 when the gates are open). e/ē is divided per synapse rather
    /// than k/ē precomputed: once the traces have decayed to float subnormals k/ē is ∞ while e/ē is still of order 1.</param>
    internal readonly record struct Gate(float TraceDecay, float Scale, float Decay, float Threshold = -1f, float Mean = 1f);

    /// <summary>
    /// Row i of W with the selective gate (see <see cref="SelectivePlasticityOptions"/>): with
    /// <c>Δ = P (w_max − w) s_LTP − D (w − w_min) s_LTD + g_B ν_j</c> (hard bounds: P s_LTP − D s_LTD + …),
    /// <c>g = 1/(1 + Scale·(e/Mean)·(1 − s_LTP))</c> (1 on coincidence, and where e ≤ Threshold), <c>w ← clip((w + g Δ)(1 − g δ))</c> and
    /// <c>e ← β e + (1 − β)|Δ|</c> on existing synapses.
    /// </summary>
    /// <returns>Σ_j mask_j pre_j, and the sum of the row's new traces (<see cref="TensorPrimitives.Sum(ReadOnlySpan{float})"/>, the same on both paths).</returns>
    public static (float PreActive, float TraceSum) UpdateRowSelective(Span<float> row, Span<float> traces, ReadOnlySpan<float> mask, ReadOnlySpan<float> pre,
        float post, in Rule rule, in Gate gate, float bcmGain, ReadOnlySpan<float> rates, bool vectorized)
    {
        int j = 0;
        float preActive = 0f;
        if (vectorized && Vector.IsHardwareAccelerated && row.Length >= Vector<float>.Count)
        {
            (j, preActive) = UpdateRowSelectiveVector(row, traces, mask, pre, post, rule, gate, bcmGain, rates);
        }
        bool bcm = !rates.IsEmpty;
        float keepTrace = gate.TraceDecay, addTrace = 1f - gate.TraceDecay;
        for (; j < row.Length; j++)
        {
            float w = row[j], e = traces[j];
            preActive += mask[j] * pre[j];
            float sl = post * pre[j];
            float sd = post + pre[j] - 2f * sl;
            float delta = rule.Soft
                ? rule.Potentiation * (rule.Max - w) * sl - rule.Depression * (w - rule.Min) * sd
                : rule.Potentiation * sl - rule.Depression * sd;
            if (bcm) delta += bcmGain * rates[j];
            float g = e > gate.Threshold ? 1f / (1f + gate.Scale * (e / gate.Mean) * (1f - sl)) : 1f;
            float w1 = w + g * delta;
            float w2 = w1 * (1f - g * gate.Decay);
            float w3 = w2 < rule.Min ? rule.Min : w2 > rule.Max ? rule.Max : w2;
            float e1 = keepTrace * e + addTrace * MathF.Abs(delta);
            bool exists = mask[j] != 0;
            row[j] = exists ? w3 : w;
            traces[j] = exists ? e1 : e;
        }
        return (preActive, TensorPrimitives.Sum(traces));
    }

    private static (int Done, float PreActive) UpdateRowSelectiveVector(Span<float> row, Span<float> traces, ReadOnlySpan<float> mask, ReadOnlySpan<float> pre,
        float post, in Rule rule, in Gate gate, float bcmGain, ReadOnlySpan<float> rates)
    {
        var w = MemoryMarshal.Cast<float, Vector<float>>(row);
        var t = MemoryMarshal.Cast<float, Vector<float>>(traces);
        var m = MemoryMarshal.Cast<float, Vector<float>>(mask);
        var a = MemoryMarshal.Cast<float, Vector<float>>(pre);
        var nu = MemoryMarshal.Cast<float, Vector<float>>(rates);
        bool bcm = !rates.IsEmpty;
        Vector<float> postV = new(post), two = new(2f), one = Vector<float>.One, p = new(rule.Potentiation), d = new(rule.Depression);
        Vector<float> min = new(rule.Min), max = new(rule.Max), gain = new(bcmGain), scale = new(gate.Scale), decay = new(gate.Decay), mean = new(gate.Mean);
        Vector<float> keepTrace = new(gate.TraceDecay), addTrace = new(1f - gate.TraceDecay), count = Vector<float>.Zero, threshold = new(gate.Threshold);
        for (int k = 0; k < w.Length; k++)
        {
            var wk = w[k];
            var e = t[k];
            count += m[k] * a[k];
            var sl = postV * a[k];
            var sd = postV + a[k] - two * sl;
            var delta = rule.Soft ? p * (max - wk) * sl - d * (wk - min) * sd : p * sl - d * sd;
            if (bcm) delta += gain * nu[k];
            var g = Vector.ConditionalSelect(Vector.GreaterThan(e, threshold), one / (one + scale * (e / mean) * (one - sl)), one);
            var w1 = wk + g * delta;
            var w2 = w1 * (one - g * decay);
            var w3 = Vector.ConditionalSelect(Vector.LessThan(w2, min), min, Vector.ConditionalSelect(Vector.GreaterThan(w2, max), max, w2));
            var e1 = keepTrace * e + addTrace * Vector.Abs(delta);
            var missing = Vector.Equals(m[k], Vector<float>.Zero);
            w[k] = Vector.ConditionalSelect(missing, wk, w3);
            t[k] = Vector.ConditionalSelect(missing, e, e1);
        }
        return (w.Length * Vector<float>.Count, Vector.Sum(count));
    }
}
