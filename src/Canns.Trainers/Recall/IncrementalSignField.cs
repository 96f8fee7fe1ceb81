using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// The field <c>h = W s</c> of a sign network with symmetric W, kept up to date from the units that flip
/// (<c>h += Δ_j · W[j, ·]</c>, N operations a flip instead of N² a step), whose sign decisions are exactly those a
/// freshly computed field (<see cref="Blas.Gemv(float[], int, float[], int, float[])"/>, <see cref="Blas.Dot"/>'s
/// order) would give.
/// </summary>
/// <remarks>
/// <para>Exactness. Let <c>R_i = Σ_k |W_ik|</c> and <c>S ≥ max |s_k|</c> over every state seen. A fresh field
/// element, an ordered sum of K = N products, is within <c>γ·S·R_i</c> of the exact real sum, with
/// <c>γ = m·u/(1 − m·u)</c>, <c>u = 2⁻²⁴</c> and m the most roundings any product sees in that order:
/// <c>m = ⌈K/w⌉ + log₂ w + K mod w + 1</c> for w lanes (its lane's chain, the halving tree, the scalar tail; Higham,
/// <i>Accuracy and Stability of Numerical Algorithms</i>, §3.1 and §4.2, for a sum evaluated along any tree). Each incremental update
/// rounds once more, by at most <c>u·|h_i|</c>, and a Δ that float subtraction rounded adds <c>u·|Δ|·|W_ij|</c>; the class tracks the
/// sum of these as <c>drift·R_i</c>. So <c>|h_i − fresh_i| ≤ (drift + γ·S)·R_i</c>. When <c>h_i − θ</c> is
/// farther from zero than twice that, the fresh element lies on the same side of θ and the decision is the same;
/// otherwise (ties included) the element is recomputed with <see cref="Blas.Dot"/> and the decision is made on it.</para>
/// <para>Batched updates (<see cref="RecordBatchedUpdate"/>, the lockstep batch's sparse product) keep a tighter bound per
/// element instead: every rounding of an update, a fused multiply-add or an add, errs by at most u times its own
/// computed result r (Higham (2.5): <c>fl(x) = x/(1 + δ)</c>, <c>|δ| ≤ u</c>), so the error is at most <c>u·Σ|r|</c> over the
/// at most d roundings since the last fresh product, and <c>Σ|r| ≤ √(d·Σr²)</c> (Cauchy–Schwarz). The kernel adds each
/// r² into an error row <c>e_i</c> with one fused multiply-add (the square is exact inside it), so
/// <c>|h_i − fresh_i| ≤ (drift + γ·S)·R_i + u·√(d·ê_i) + γ·S·R_i</c>, where ê_i bounds the exact sum of squares from the
/// float sum <c>e_i</c> after at most d roundings of its own: <c>ê_i ≤ (e_i + d·2⁻¹⁴⁰)/(1 − d·u)</c>, the small term for
/// sums in the subnormal range. A Δ that float subtraction rounded still adds <c>u·|Δ|·R_i</c> to the scalar drift.</para>
/// <para>A tiny absolute slack covers products that fall into the subnormal range.</para>
/// </remarks>
internal struct IncrementalSignField
{
    private const double UnitRoundoff = 1.0 / (1 << 24);
    private const double AbsoluteSlack = 1e-30;

    private readonly float[] _w;
    private readonly int _n;
    private readonly float[] _rowAbs;
    private readonly float[] _h;
    private readonly int _offset;
    private readonly double _gamma;
    private readonly float[]? _errors;
    private double _scale;
    private double _drift;
    // Roundings, per element, summed into the error row since the last fresh product (0: the row holds nothing yet).
    private long _errorDepth;

    /// <summary>
    /// Wraps the weights and the N floats of <paramref name="field"/> from <paramref name="offset"/>; with
    /// <paramref name="errors"/>, the N floats from the same offset hold the per-element error sums of batched updates.
    /// </summary>
    public IncrementalSignField(RecallWeights weights, float[] field, int offset = 0, float[]? errors = null)
    {
        _w = weights.Buffer;
        _n = weights.Size;
        _rowAbs = weights.RowAbsSums ?? throw new ArgumentException("W must be symmetric with finite row sums.", nameof(weights));
        _h = field;
        _offset = offset;
        _errors = errors;
        double m = RoundingDepth(_n, Blas.VectorWidth);
        _gamma = m * UnitRoundoff / (1 - m * UnitRoundoff);
        _scale = 1;
    }

    /// <summary>
    /// The most roundings any product goes through in <see cref="Blas.Dot"/>'s order on <paramref name="k"/> terms
    /// with <paramref name="width"/> lanes, plus one for safety: ⌈k/w⌉ in its lane's chain of fused multiply-adds,
    /// log₂ w in the halving tree that sums the lanes, and k mod w in the scalar tail. (The product of an FMA is exact.)
    /// </summary>
    internal static double RoundingDepth(int k, int width) => (k + width - 1) / width + Math.Log2(width) + k % width + 1;

    /// <summary>The field; exact (a fresh product) right after <see cref="Refresh"/> and until the next <see cref="Flip"/>.</summary>
    public readonly Span<float> Field => _h.AsSpan(_offset, _n);

    /// <summary>True when no update has been applied since the last fresh product.</summary>
    public readonly bool IsFresh => _drift == 0 && _errorDepth == 0;

    /// <summary>
    /// The per-element error sums of batched updates (<see cref="RecordBatchedUpdate"/>); their contents mean nothing
    /// while <see cref="ErrorsCleared"/> (the next batched update starts them from zero instead of adding).
    /// </summary>
    public readonly Span<float> Errors => _errors.AsSpan(_offset, _n);

    /// <summary>True when no batched update has been recorded since the last fresh product.</summary>
    public readonly bool ErrorsCleared => _errorDepth == 0;

    /// <summary>
    /// Records a batched update that the caller applied to <see cref="Field"/> and <see cref="Errors"/>: each element
    /// went through at most <paramref name="roundings"/> roundings whose results' magnitudes were added to its error sum
    /// (itself rounded at most that many times); <paramref name="maxAbsValue"/> is the largest |s_j| of the new values,
    /// and <paramref name="roundedDeltas"/> the sum of |Δ| over the changes whose Δ float subtraction rounded.
    /// </summary>
    public void RecordBatchedUpdate(int roundings, float maxAbsValue, double roundedDeltas)
    {
        if (_errors is null) throw new InvalidOperationException("This field keeps no error row.");
        _scale = Math.Max(_scale, maxAbsValue);
        _errorDepth += roundings;
        // u·|Δ|·|W_ij| ≤ u·|Δ|·R_i for each rounded Δ.
        _drift += UnitRoundoff * roundedDeltas * (1 + 4 * UnitRoundoff);
        // Far beyond any real run; keeps 1/(1 − d·u) meaningful.
        if (_errorDepth * UnitRoundoff > 0.25) MarkStale();
    }

    /// <summary>The factor of √(e_i + <see cref="ErrorSlack"/>) in the decision margin: 2·u·√(d/(1 − d·u)), rounded up; 0 without batched updates.</summary>
    private readonly double ErrorCoefficient => _errorDepth == 0 ? 0 : 2 * UnitRoundoff * Math.Sqrt(_errorDepth / (1 - _errorDepth * UnitRoundoff)) * (1 + 4 * UnitRoundoff);

    /// <summary>d·2⁻¹⁴⁰, added to e_i under the square root: what roundings of the sum of squares in the subnormal range can lose.</summary>
    private readonly double ErrorSlack => _errorDepth * TwoToMinus140;

    /// <summary>2⁻¹⁴⁰ as a constant: <c>Math.ScaleB</c> is a call into the runtime's precompiled code, costly from the
    /// 512-bit code around it when tiered compilation is off (the CLI).</summary>
    internal const double TwoToMinus140 = 7.174648137343064e-43;

    /// <summary>Computes the field afresh from <paramref name="state"/> (both cores at large N).</summary>
    public void Refresh(float[] state)
    {
        if (_offset != 0) throw new InvalidOperationException("Refresh needs the field at the start of its buffer.");
        Blas.Gemv(_w, _n, state, _n, _h);
        MarkFresh(state);
    }

    /// <summary>
    /// Computes the field from the bfloat16 copy of W (<see cref="RecallWeights.ApproximateWeights"/>): half the bytes of
    /// <see cref="Refresh"/>, and not fresh. Each product b·s is exact in the fused multiply-add and the sum runs in
    /// <see cref="Blas.Dot"/>'s order, so with <c>|b_ik − W_ik| ≤ u₁₆·|W_ik|</c> (u₁₆ = 2⁻⁸):
    /// <c>|ĥ_i − Σ_k W_ik s_k| ≤ u₁₆·S·R_i + γ·(1 + u₁₆)·S·R_i</c>, and a fresh element is within <c>γ·S·R_i</c> of the
    /// same exact sum; the drift is set to cover the difference, so decisions stay exactly a fresh field's.
    /// </summary>
    public void RefreshApproximate(float[] state, ushort[] bf16)
    {
        if (_offset != 0) throw new InvalidOperationException("Refresh needs the field at the start of its buffer.");
        Blas.GemvBf16(bf16, _n, state, _n, _h);
        MarkFresh(state);
        _drift = (Blas.Bf16UnitRoundoff * (1 + _gamma) + _gamma) * _scale * (1 + 1e-6);
    }

    /// <summary>Declares the field no longer fresh (the state was replaced behind its back); decisions become unsafe until <see cref="Refresh"/>.</summary>
    public void MarkStale() => _drift = double.PositiveInfinity;

    /// <summary>Declares the field buffer to hold the fresh product of W and <paramref name="state"/>, computed elsewhere (a batched product).</summary>
    public void MarkFresh(ReadOnlySpan<float> state)
    {
        float max = TensorPrimitives.MaxMagnitude(state.Slice(0, _n));
        _scale = Math.Max(_scale, Math.Max(1.0, max));
        _drift = 0;
        _errorDepth = 0;
    }

    /// <summary>
    /// How far from θ the kept field of unit i must lie for a decision on it: at least the largest distance between the kept
    /// field and a fresh product, <c>2·((drift + γ·S)·R_i + slack) + 2·u·√(d·(e_i + d·2⁻¹⁴⁰)/(1 − d·u))</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double Margin(int i)
    {
        double margin = 2 * ((_drift + _gamma * _scale) * _rowAbs[i] + AbsoluteSlack);
        if (_errorDepth != 0) margin += ErrorCoefficient * Math.Sqrt(_errors![_offset + i] + ErrorSlack);
        return margin;
    }

    /// <summary>
    /// The sign rule for unit i on the current <paramref name="state"/>: +1 if the fresh field is above θ, −1 if
    /// below, the unit's own value on a tie — decided on the kept field when it is safely away from θ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Decide(int i, ReadOnlySpan<float> state, float threshold)
    {
        double d = (double)_h[_offset + i] - threshold;
        double margin = Margin(i);
        if (d > margin) return 1f;
        if (d < -margin) return -1f;
        float fresh = Blas.Dot(_w.AsSpan(i * _n, _n), state.Slice(0, _n));
        return SignOp.ApplyOne(fresh, state[i], threshold, temperature: 1f);
    }

    /// <summary>
    /// The synchronous step's decisions for every unit at once, on the current <paramref name="state"/>: writes the
    /// units that change, in increasing order, and their new values, returns how many. Sixteen units at a time are decided on
    /// the kept field where it is safely away from θ (settled, or changing to ±1); only the others go through <see cref="Decide"/>.
    /// Both rows must hold N entries: a block whose sixteen lanes are all decided is written as two whole vectors.
    /// </summary>
    /// <remarks>
    /// The vector test is in float: <c>fl(h − θ)</c> is within a factor (1 ± u) of h − θ, and the float margin is the
    /// scalar one inflated by 10⁻⁴ (far more than its own rounding), so a lane it settles is one the scalar test
    /// settles the same way.
    /// </remarks>
    public readonly int DecideAll(ReadOnlySpan<float> state, float threshold, Span<int> flipped, Span<float> values)
    {
        if (flipped.Length < _n || values.Length < _n) throw new ArgumentException("The flip rows must hold N entries.", nameof(flipped));
        ref float h0 = ref _h[_offset];
        ref float s0 = ref MemoryMarshal.GetReference(state);
        int count = 0, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            double c = 2 * (_drift + _gamma * _scale) * (1 + 1e-4);
            var scale = Vector512.Create((float)c);
            var slack = Vector512.Create((float)(2 * AbsoluteSlack * (1 + 1e-4)));
            var theta = Vector512.Create(threshold);
            var plus = Vector512.Create(1f);
            var minus = Vector512.Create(-1f);
            bool withErrors = _errorDepth != 0;
            var errorScale = Vector512.Create((float)(ErrorCoefficient * (1 + 1e-4)));
            var errorSlack = Vector512.Create((float)(ErrorSlack * (1 + 1e-4)));
            ref float e0 = ref withErrors ? ref _errors![_offset] : ref h0;
            ref float r0 = ref MemoryMarshal.GetArrayDataReference(_rowAbs);
            ref int units = ref MemoryMarshal.GetReference(flipped);
            ref float newValues = ref MemoryMarshal.GetReference(values);
            for (; i + 16 <= _n; i += 16)
            {
                var d = Vector512.LoadUnsafe(ref h0, (nuint)i) - theta;
                var margin = Vector512.FusedMultiplyAdd(scale, Vector512.LoadUnsafe(ref r0, (nuint)i), slack);
                if (withErrors) margin = Vector512.FusedMultiplyAdd(errorScale, Vector512.Sqrt(Vector512.LoadUnsafe(ref e0, (nuint)i) + errorSlack), margin);
                var old = Vector512.LoadUnsafe(ref s0, (nuint)i);
                var above = Vector512.GreaterThan(d, margin);
                var below = Vector512.LessThan(d, -margin);
                // Lanes beyond the margin change when not already at their side's value: to +1 above, −1 below (what
                // Decide returns there); only lanes within the margin need Decide.
                var change = Vector512.AndNot(above, Vector512.Equals(old, plus)) | Vector512.AndNot(below, Vector512.Equals(old, minus));
                uint changed = (uint)Vector512.ExtractMostSignificantBits(change);
                uint decided = (uint)Vector512.ExtractMostSignificantBits(above | below);
                if (decided != 0xFFFF)
                {
                    count = DecideBlock(i, changed | ~decided & 0xFFFF, (uint)Vector512.ExtractMostSignificantBits(above), decided, state, threshold, flipped, values, count);
                    continue;
                }
                if (changed == 0) continue;
                // The changing lanes' units and new values packed to the front of one vector each (vpcompressd) and
                // stored whole: the store stays inside the rows, as count ≤ i, so count + 16 ≤ N.
                Avx512F.Compress(Vector512<int>.Zero, change.AsInt32(), Vector512.Create(i) + Vector512<int>.Indices).StoreUnsafe(ref units, (nuint)count);
                Avx512F.Compress(Vector512<float>.Zero, change, Vector512.ConditionalSelect(above, plus, minus)).StoreUnsafe(ref newValues, (nuint)count);
                count += BitOperations.PopCount(changed);
            }
        }
        for (; i < _n; i++)
        {
            float next = Decide(i, state, threshold);
            if (next != state[i]) (flipped[count], values[count++]) = (i, next);
        }
        return count;
    }

    /// <summary>
    /// A block of <see cref="DecideAll"/> with lanes within the margin, out of line (rare, and the vector loop keeps its
    /// registers): the <paramref name="open"/> lanes in order, those <paramref name="decided"/> by the vector test to +1
    /// (<paramref name="above"/>) or −1, the others through <see cref="Decide"/>. Returns the new count.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly int DecideBlock(int i, uint open, uint above, uint decided, ReadOnlySpan<float> state, float threshold, Span<int> flipped, Span<float> values, int count)
    {
        while (open != 0)
        {
            int lane = BitOperations.TrailingZeroCount(open), q = i + lane;
            open &= open - 1;
            float next = (decided >> lane & 1) == 0 ? Decide(q, state, threshold) : (above >> lane & 1) != 0 ? 1f : -1f;
            if (next != state[q]) (flipped[count], values[count++]) = (q, next);
        }
        return count;
    }

    /// <summary>Unit j changed from <paramref name="oldValue"/> to <paramref name="newValue"/>: <c>h += Δ · W[j, ·]</c>, Δ = new − old.</summary>
    public void Flip(int j, float oldValue, float newValue)
    {
        float delta = newValue - oldValue;
        TensorPrimitives.FusedMultiplyAdd(_w.AsSpan(j * _n, _n), delta, _h.AsSpan(_offset, _n), _h.AsSpan(_offset, _n));
        double s = Math.Max(_scale, Math.Abs(newValue));
        _scale = s;
        // One rounding of h (|h_i| ≤ (S + drift)·R_i) and, only when Δ itself was rounded (never between ±1 and 0
        // states, where it is ±1 or ±2), u·|Δ|·|W_ij| ≤ u·2S·R_i.
        bool exactDelta = (double)newValue - oldValue == delta;
        _drift += UnitRoundoff * (_drift + (exactDelta ? 1 : 3) * s) * (1 + 4 * UnitRoundoff);
    }
}
