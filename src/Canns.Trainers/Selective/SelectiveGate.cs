using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// The two passes of a selective step over a parameter, in fixed chunks of <see cref="ChunkLength"/> elements (in
/// parallel over the chunks, their partial sums combined in chunk order, so the results do not depend on the threads):
/// <see cref="Measure"/> (the step's |Δ| against the traces) and <see cref="Apply"/> (the gate).
/// </summary>
internal static class SelectiveGate
{
    /// <summary>Elements per chunk.</summary>
    internal const int ChunkLength = 1 << 14;

    /// <summary>What <see cref="Measure"/> finds: max |Δ|, Σ e|Δ|, Σ Δ² and Σ e².</summary>
    internal readonly record struct Measures(float MaxDelta, double Dot, double DeltaSquares, double TraceSquares)
    {
        /// <summary>One minus the cosine between |Δ| and e, in [0, 1]; 0 when either is all zero.</summary>
        public double Surprise =>
            DeltaSquares > 0 && TraceSquares > 0 ? Math.Clamp(1 - Dot / (Math.Sqrt(DeltaSquares) * Math.Sqrt(TraceSquares)), 0, 1) : 0;
    }

    /// <summary>
    /// The constants of <see cref="Apply"/>: k (already scaled by the surprise; 0: every gate open), ē (1 when the gates
    /// are open), the threshold (−1: none), D (1 when D = 0, when every |Δ| is 0) and β. e/ē and |Δ|/D are divided
    /// element by element, not multiplied by k/ē and 1/D: when the traces have decayed to float subnormals, k/ē and 1/D
    /// overflow to ∞ while the ratios are still of order 1.
    /// </summary>
    internal readonly record struct Constants(float Scale, float Mean, float Threshold, float Peak, float TraceDecay);

    /// <summary>What <see cref="Apply"/> finds: Σ g, the count of g &lt; ½ and Σ e (the new traces).</summary>
    internal readonly record struct Totals(double GateSum, long Protected, double TraceSum);

    /// <summary>The chunks of <paramref name="length"/> elements, the last one shorter.</summary>
    internal static int Chunks(int length) => (int)(((long)length + ChunkLength - 1) / ChunkLength);

    /// <summary>
    /// With Δ = after − before: max |Δ|, Σ e|Δ|, Σ Δ² and Σ e² (in double, the chunks added in chunk order), over the
    /// elements where <paramref name="mask"/> is not 0 (all of them when it is empty).
    /// </summary>
    public static Measures Measure(float[] before, float[] after, float[] traces, int length, ReadOnlyMemory<float> mask = default)
    {
        int chunks = Chunks(length);
        var max = new float[chunks];
        var sums = new double[3 * chunks];
        void Chunk(int c)
        {
            int from = c * ChunkLength, count = Math.Min(ChunkLength, length - from);
            (max[c], sums[3 * c], sums[3 * c + 1], sums[3 * c + 2]) =
                MeasureChunk(before.AsSpan(from, count), after.AsSpan(from, count), traces.AsSpan(from, count), mask.IsEmpty ? default : mask.Span.Slice(from, count));
        }
        if (chunks > 1) CannsParallelism.For(0, chunks, Chunk);
        else if (chunks == 1) Chunk(0);
        float m = 0f;
        double dot = 0, dd = 0, ee = 0;
        for (int c = 0; c < chunks; c++)
        {
            m = MathF.Max(m, max[c]);
            dot += sums[3 * c];
            dd += sums[3 * c + 1];
            ee += sums[3 * c + 2];
        }
        return new Measures(m, dot, dd, ee);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (float Max, double Dot, double DeltaSquares, double TraceSquares) MeasureChunk(ReadOnlySpan<float> before, ReadOnlySpan<float> after, ReadOnlySpan<float> traces, ReadOnlySpan<float> mask)
    {
        bool masked = !mask.IsEmpty;
        // The sums in double: a cosine does not depend on the scale, but e² and Δ² underflow float once the traces have
        // decayed below about 1e-19 (after a long run of steps that change nothing), which read as "all zero".
        int j = 0;
        float max = 0f;
        double dot = 0, dd = 0, ee = 0;
        if (Vector.IsHardwareAccelerated && after.Length >= Vector<float>.Count)
        {
            var b = MemoryMarshal.Cast<float, Vector<float>>(before);
            var a = MemoryMarshal.Cast<float, Vector<float>>(after);
            var e = MemoryMarshal.Cast<float, Vector<float>>(traces);
            var present = MemoryMarshal.Cast<float, Vector<float>>(mask);
            Vector<float> vmax = Vector<float>.Zero;
            Vector<double> vdot = Vector<double>.Zero, vdd = Vector<double>.Zero, vee = Vector<double>.Zero;
            for (int k = 0; k < a.Length; k++)
            {
                var d = a[k] - b[k];
                if (masked) d = Vector.ConditionalSelect(Vector.Equals(present[k], Vector<float>.Zero), Vector<float>.Zero, d);
                var abs = Vector.Abs(d);
                vmax = Vector.Max(vmax, abs);
                Vector.Widen(d, out var dLow, out var dHigh);
                Vector.Widen(abs, out var absLow, out var absHigh);
                Vector.Widen(e[k], out var eLow, out var eHigh);
                vdot += eLow * absLow + eHigh * absHigh;
                vdd += dLow * dLow + dHigh * dHigh;
                vee += eLow * eLow + eHigh * eHigh;
            }
            max = Vector.Max(vmax, Vector<float>.Zero).ToScalarMax();
            (dot, dd, ee) = (Vector.Sum(vdot), Vector.Sum(vdd), Vector.Sum(vee));
            j = a.Length * Vector<float>.Count;
        }
        for (; j < after.Length; j++)
        {
            float d = masked && mask[j] == 0 ? 0f : after[j] - before[j], abs = MathF.Abs(d);
            max = MathF.Max(max, abs);
            dot += (double)traces[j] * abs;
            dd += (double)d * d;
            ee += (double)traces[j] * traces[j];
        }
        return (max, dot, dd, ee);
    }

    private static float ToScalarMax(this Vector<float> v)
    {
        float m = v[0];
        for (int i = 1; i < Vector<float>.Count; i++) m = MathF.Max(m, v[i]);
        return m;
    }

    /// <summary>
    /// The gate, element by element, with <c>Δ = w − before</c> (w holds the wrapped trainer's result):
    /// <c>u = |Δ|/D</c>, <c>g = 1/(1 + Scale·(e/ē)·(1 − u))</c> where e &gt; Threshold (else 1),
    /// <c>w ← before + g Δ</c> where g &lt; 1 (w is left as the trainer wrote it where g = 1), and
    /// <c>e ← β e + (1 − β)|Δ|</c>. Where <paramref name="mask"/> (if not empty) is 0, g = 1 and e is left as it is, and
    /// the element is not counted in Σ g.
    /// </summary>
    public static Totals Apply(float[] before, float[] w, float[] traces, int length, Constants k, ReadOnlyMemory<float> mask = default)
    {
        int chunks = Chunks(length);
        var sums = new double[2 * chunks];
        var counts = new long[chunks];
        void Chunk(int c)
        {
            int from = c * ChunkLength, count = Math.Min(ChunkLength, length - from);
            var es = traces.AsSpan(from, count);
            (sums[2 * c], counts[c]) = ApplyChunk(before.AsSpan(from, count), w.AsSpan(from, count), es, k, mask.IsEmpty ? default : mask.Span.Slice(from, count));
            sums[2 * c + 1] = TensorPrimitives.Sum(es);
        }
        if (chunks > 1) CannsParallelism.For(0, chunks, Chunk);
        else if (chunks == 1) Chunk(0);
        double gates = 0, traceSum = 0;
        long protectedCount = 0;
        for (int c = 0; c < chunks; c++)
        {
            gates += sums[2 * c];
            traceSum += sums[2 * c + 1];
            protectedCount += counts[c];
        }
        return new Totals(gates, protectedCount, traceSum);
    }

    /// <summary>Σ e over the first <paramref name="length"/> traces, chunk by chunk as <see cref="Apply"/> adds them (so the same bits).</summary>
    public static double TraceSum(float[] traces, int length)
    {
        double sum = 0;
        // Chunk by chunk (from + ChunkLength would overflow past the last chunk of the largest arrays).
        for (int c = 0, chunks = Chunks(length); c < chunks; c++)
        {
            int from = c * ChunkLength;
            sum += TensorPrimitives.Sum(traces.AsSpan(from, Math.Min(ChunkLength, length - from)));
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double GateSum, long Protected) ApplyChunk(ReadOnlySpan<float> before, Span<float> w, Span<float> traces, Constants k, ReadOnlySpan<float> mask)
    {
        bool masked = !mask.IsEmpty;
        int j = 0;
        double gateSum = 0;
        long protectedCount = 0;
        float keep = k.TraceDecay, add = 1f - k.TraceDecay;
        if (Vector.IsHardwareAccelerated && w.Length >= Vector<float>.Count)
        {
            var b = MemoryMarshal.Cast<float, Vector<float>>(before);
            var a = MemoryMarshal.Cast<float, Vector<float>>(w);
            var e = MemoryMarshal.Cast<float, Vector<float>>(traces);
            Vector<float> one = Vector<float>.One, half = new(0.5f), scale = new(k.Scale), mean = new(k.Mean), threshold = new(k.Threshold), peak = new(k.Peak);
            Vector<float> vkeep = new(keep), vadd = new(add), gates = Vector<float>.Zero;
            Vector<int> shielded = Vector<int>.Zero;
            var present = MemoryMarshal.Cast<float, Vector<float>>(mask);
            for (int q = 0; q < a.Length; q++)
            {
                var d = a[q] - b[q];
                var abs = Vector.Abs(d);
                var u = abs / peak;
                var g = Vector.ConditionalSelect(Vector.GreaterThan(e[q], threshold), one / (one + scale * (e[q] / mean) * (one - u)), one);
                if (masked)
                {
                    var absent = Vector.Equals(present[q], Vector<float>.Zero);
                    g = Vector.ConditionalSelect(absent, one, g);
                    a[q] = Vector.ConditionalSelect(Vector.LessThan(g, one), b[q] + g * d, a[q]);
                    e[q] = Vector.ConditionalSelect(absent, e[q], vkeep * e[q] + vadd * abs);
                    gates += Vector.ConditionalSelect(absent, Vector<float>.Zero, g);
                }
                else
                {
                    a[q] = Vector.ConditionalSelect(Vector.LessThan(g, one), b[q] + g * d, a[q]);
                    e[q] = vkeep * e[q] + vadd * abs;
                    gates += g;
                }
                shielded -= Vector.LessThan(g, half);
            }
            gateSum = Vector.Sum(gates);
            protectedCount = Vector.Sum(shielded);
            j = a.Length * Vector<float>.Count;
        }
        for (; j < w.Length; j++)
        {
            if (masked && mask[j] == 0) continue;
            float d = w[j] - before[j], abs = MathF.Abs(d), e = traces[j];
            float u = abs / k.Peak;
            float g = e > k.Threshold ? 1f / (1f + k.Scale * (e / k.Mean) * (1f - u)) : 1f;
            if (g < 1f) w[j] = before[j] + g * d;
            traces[j] = keep * e + add * abs;
            gateSum += g;
            if (g < 0.5f) protectedCount++;
        }
        return (gateSum, protectedCount);
    }
}
