using System.Numerics;
using System.Runtime.InteropServices;

namespace Canns.Trainers;

/// <summary>
/// The plasticity toolkit's synapse updates, as one scalar loop (the step path, synapse by synapse) and one
/// <see cref="Vector{T}"/> loop (the compiled path) that perform the same operations in the same order, so both give
/// the same bits.
/// </summary>
internal static partial class PlasticityKernel
{
    /// <summary>The per-row constants of one application of the rule.</summary>
    /// <param name="Potentiation">η m: the LTP step (soft: times w_max − w).</param>
    /// <param name="Depression">η m ρ: the LTD step (soft: times w − w_min).</param>
    /// <param name="Keep">1 − δ.</param>
    /// <param name="Soft">Soft bounds.</param>
    /// <param name="Min">w_min.</param>
    /// <param name="Max">w_max.</param>
    internal readonly record struct Rule(float Potentiation, float Depression, float Keep, bool Soft, float Min, float Max)
    {
        /// <summary>The rule of <paramref name="o"/> scaled by the reward m: P = η m, D = η m · (LTD ratio), keep 1 − δ.</summary>
        public static Rule For(PlasticityOptions o, float reward) =>
            new(o.LearningRate * reward, o.LearningRate * reward * o.LtdRatio, 1f - o.WeightDecay, o.SoftBounds, o.MinWeight, o.MaxWeight);
    }

    /// <summary>
    /// Row i of W: <c>w ← clip((w + P (w_max − w) s_LTP − D (w − w_min) s_LTD + g ν_j)(1 − δ))</c> on existing synapses,
    /// with <c>s_LTP = post·pre_j</c> and <c>s_LTD = post + pre_j − 2 s_LTP</c> (hard bounds: P and D alone);
    /// <paramref name="rates"/> empty for no BCM term.
    /// </summary>
    /// <returns>The number of existing synapses whose presynaptic neuron was active, <c>Σ_j mask_j pre_j</c>.</returns>
    public static float UpdateRow(Span<float> row, ReadOnlySpan<float> mask, ReadOnlySpan<float> pre, float post, in Rule rule,
        float bcmGain, ReadOnlySpan<float> rates, bool vectorized)
    {
        int j = 0;
        float preActive = 0f;
        if (vectorized && Vector.IsHardwareAccelerated && row.Length >= Vector<float>.Count)
        {
            (j, preActive) = UpdateRowVector(row, mask, pre, post, rule, bcmGain, rates);
        }
        bool bcm = !rates.IsEmpty;
        for (; j < row.Length; j++)
        {
            float w = row[j];
            preActive += mask[j] * pre[j];
            float sl = post * pre[j];
            float sd = post + pre[j] - 2f * sl;
            float w1 = rule.Soft
                ? w + rule.Potentiation * (rule.Max - w) * sl - rule.Depression * (w - rule.Min) * sd
                : w + rule.Potentiation * sl - rule.Depression * sd;
            if (bcm) w1 += bcmGain * rates[j];
            float w2 = w1 * rule.Keep;
            float w3 = w2 < rule.Min ? rule.Min : w2 > rule.Max ? rule.Max : w2;
            row[j] = mask[j] != 0 ? w3 : w;
        }
        return preActive;
    }

    private static (int Done, float PreActive) UpdateRowVector(Span<float> row, ReadOnlySpan<float> mask, ReadOnlySpan<float> pre, float post, in Rule rule,
        float bcmGain, ReadOnlySpan<float> rates)
    {
        var w = MemoryMarshal.Cast<float, Vector<float>>(row);
        var m = MemoryMarshal.Cast<float, Vector<float>>(mask);
        var a = MemoryMarshal.Cast<float, Vector<float>>(pre);
        var nu = MemoryMarshal.Cast<float, Vector<float>>(rates);
        bool bcm = !rates.IsEmpty;
        Vector<float> postV = new(post), two = new(2f), p = new(rule.Potentiation), d = new(rule.Depression), keep = new(rule.Keep);
        Vector<float> min = new(rule.Min), max = new(rule.Max), gain = new(bcmGain), count = Vector<float>.Zero;
        for (int k = 0; k < w.Length; k++)
        {
            var wk = w[k];
            count += m[k] * a[k];
            var sl = postV * a[k];
            var sd = postV + a[k] - two * sl;
            var w1 = rule.Soft ? wk + p * (max - wk) * sl - d * (wk - min) * sd : wk + p * sl - d * sd;
            if (bcm) w1 += gain * nu[k];
            var w2 = w1 * keep;
            var w3 = Vector.ConditionalSelect(Vector.LessThan(w2, min), min, Vector.ConditionalSelect(Vector.GreaterThan(w2, max), max, w2));
            w[k] = Vector.ConditionalSelect(Vector.Equals(m[k], Vector<float>.Zero), wk, w3);
        }
        // Each lane sums 0/1 values: exact below 2²⁴, so the lanes' order does not matter.
        return (w.Length * Vector<float>.Count, Vector.Sum(count));
    }

    /// <summary>Row i of W scaled by <paramref name="factor"/> and clipped, on existing synapses.</summary>
    public static void ScaleRow(Span<float> row, ReadOnlySpan<float> mask, float factor, float min, float max, bool vectorized)
    {
        int j = 0;
        if (vectorized && Vector.IsHardwareAccelerated && row.Length >= Vector<float>.Count)
        {
            var w = MemoryMarshal.Cast<float, Vector<float>>(row);
            var m = MemoryMarshal.Cast<float, Vector<float>>(mask);
            Vector<float> f = new(factor), lo = new(min), hi = new(max);
            for (int k = 0; k < w.Length; k++)
            {
                var s = w[k] * f;
                var c = Vector.ConditionalSelect(Vector.LessThan(s, lo), lo, Vector.ConditionalSelect(Vector.GreaterThan(s, hi), hi, s));
                w[k] = Vector.ConditionalSelect(Vector.Equals(m[k], Vector<float>.Zero), w[k], c);
            }
            j = w.Length * Vector<float>.Count;
        }
        for (; j < row.Length; j++)
        {
            float s = row[j] * factor;
            float c = s < min ? min : s > max ? max : s;
            row[j] = mask[j] != 0 ? c : row[j];
        }
    }
}
