using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Canns.Models;

/// <summary>
/// The Hopfield update and energy, shared by the model's own step and by the compiled recall kernels so that both
/// paths produce identical states bit for bit.
/// </summary>
internal static class HopfieldMath
{
    /// <summary>
    /// <c>E = −½ Σ_i s_i h_i + θ Σ_i s_i</c> with <c>h = W s</c>, accumulated in double: each product s_i·h_i is exact in
    /// double (two 24-bit significands), and the sums run in 16 double lanes (two chains of 8, with 512-bit vectors),
    /// added in a fixed order, then the tail in order. The order depends only on the length, so every path that
    /// calls this gets the same bits.
    /// </summary>
    public static double Energy(ReadOnlySpan<float> state, ReadOnlySpan<float> field, float threshold)
    {
        if (field.Length < state.Length) throw new ArgumentException($"Field ({field.Length}) shorter than state ({state.Length}).", nameof(field));
        double quadratic = 0, sum = 0;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && state.Length >= 16)
        {
            ref float s0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(state);
            ref float h0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(field);
            Vector512<double> q0 = default, q1 = default, m0 = default, m1 = default;
            for (; i + 16 <= state.Length; i += 16)
            {
                var s = Vector512.LoadUnsafe(ref s0, (nuint)i);
                var h = Vector512.LoadUnsafe(ref h0, (nuint)i);
                var sLo = Vector512.WidenLower(s);
                var sHi = Vector512.WidenUpper(s);
                q0 = Vector512.FusedMultiplyAdd(sLo, Vector512.WidenLower(h), q0);
                q1 = Vector512.FusedMultiplyAdd(sHi, Vector512.WidenUpper(h), q1);
                m0 += sLo;
                m1 += sHi;
            }
            quadratic = Vector512.Sum(q0 + q1);
            sum = Vector512.Sum(m0 + m1);
        }
        for (; i < state.Length; i++)
        {
            quadratic += (double)state[i] * field[i];
            sum += state[i];
        }
        return -0.5 * quadratic + threshold * sum;
    }

    /// <summary>
    /// Applies the activation to every unit: <c>s_i ← f(h_i)</c>. Returns the number of units that changed for
    /// <see cref="Activation.Sign"/>, the largest absolute change for the smooth activations.
    /// </summary>
    public static double Apply(Activation activation, ReadOnlySpan<float> field, Span<float> state, float threshold, float temperature) =>
        activation switch
        {
            Activation.Sign => SignOp.Apply(field, state, threshold, temperature),
            Activation.Tanh => TanhOp.Apply(field, state, threshold, temperature),
            _ => SigmoidOp.Apply(field, state, threshold, temperature),
        };

    /// <summary>Applies the activation to one unit; returns the new value.</summary>
    public static float ApplyOne(Activation activation, float field, float previous, float threshold, float temperature) =>
        activation switch
        {
            Activation.Sign => SignOp.ApplyOne(field, previous, threshold, temperature),
            Activation.Tanh => TanhOp.ApplyOne(field, previous, threshold, temperature),
            _ => SigmoidOp.ApplyOne(field, previous, threshold, temperature),
        };

    /// <summary>
    /// Fills <paramref name="order"/> with a fresh uniform random permutation of 0..n−1 (Fisher–Yates from the end:
    /// position i swaps with <c>random.Next(i + 1)</c>). A <see cref="SplitMix64Random"/> draws it without virtual calls.
    /// </summary>
    public static void Permutation(Span<int> order, Random random)
    {
        if (random is SplitMix64Random fast)
        {
            fast.Shuffle(order);
            return;
        }
        for (int i = 0; i < order.Length; i++) order[i] = i;
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}

/// <summary>An activation as a struct operator, so compiled kernels are specialised per activation.</summary>
internal interface IActivationOp
{
    /// <summary>True when the state is discrete and convergence means "no unit changed".</summary>
    static abstract bool IsDiscrete { get; }

    /// <summary>The new value of one unit.</summary>
    static abstract float ApplyOne(float field, float previous, float threshold, float temperature);

    /// <summary>Updates every unit; returns the change count (discrete) or the largest absolute change (smooth).</summary>
    static abstract double Apply(ReadOnlySpan<float> field, Span<float> state, float threshold, float temperature);
}

/// <summary>Sign with ties left unchanged.</summary>
internal readonly struct SignOp : IActivationOp
{
    public static bool IsDiscrete => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ApplyOne(float field, float previous, float threshold, float temperature) =>
        field > threshold ? 1f : field < threshold ? -1f : previous;

    public static double Apply(ReadOnlySpan<float> field, Span<float> state, float threshold, float temperature)
    {
        int changed = 0;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && field.Length >= Vector512<float>.Count)
        {
            var theta = Vector512.Create(threshold);
            var plus = Vector512.Create(1f);
            var minus = Vector512.Create(-1f);
            for (; i <= field.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var h = Vector512.Create(field.Slice(i, Vector512<float>.Count));
                var old = Vector512.Create(state.Slice(i, Vector512<float>.Count));
                var s = Vector512.ConditionalSelect(Vector512.GreaterThan(h, theta), plus,
                        Vector512.ConditionalSelect(Vector512.LessThan(h, theta), minus, old));
                changed += (int)ulong.PopCount(Vector512.ExtractMostSignificantBits(~Vector512.Equals(s, old)));
                s.CopyTo(state.Slice(i));
            }
        }
        for (; i < field.Length; i++)
        {
            float s = ApplyOne(field[i], state[i], threshold, temperature);
            if (s != state[i]) changed++;
            state[i] = s;
        }
        return changed;
    }
}

/// <summary><c>tanh((h − θ)/T)</c>.</summary>
internal readonly struct TanhOp : IActivationOp
{
    public static bool IsDiscrete => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ApplyOne(float field, float previous, float threshold, float temperature) =>
        MathF.Tanh((field - threshold) / temperature);

    public static double Apply(ReadOnlySpan<float> field, Span<float> state, float threshold, float temperature) =>
        SmoothActivation.Apply<TanhOp>(field, state, threshold, temperature);
}

/// <summary><c>1/(1 + exp(−(h − θ)/T))</c>.</summary>
internal readonly struct SigmoidOp : IActivationOp
{
    public static bool IsDiscrete => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ApplyOne(float field, float previous, float threshold, float temperature) =>
        1f / (1f + MathF.Exp(-(field - threshold) / temperature));

    public static double Apply(ReadOnlySpan<float> field, Span<float> state, float threshold, float temperature) =>
        SmoothActivation.Apply<SigmoidOp>(field, state, threshold, temperature);
}

/// <summary>The update loop of the smooth activations: every unit, and the largest absolute change.</summary>
internal static class SmoothActivation
{
    public static double Apply<TOp>(ReadOnlySpan<float> field, Span<float> state, float threshold, float temperature)
        where TOp : struct, IActivationOp
    {
        float maxChange = 0;
        for (int i = 0; i < field.Length; i++)
        {
            float s = TOp.ApplyOne(field[i], state[i], threshold, temperature);
            maxChange = MathF.Max(maxChange, MathF.Abs(s - state[i]));
            state[i] = s;
        }
        return maxChange;
    }
}
