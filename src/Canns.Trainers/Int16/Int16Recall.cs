using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// The compiled recall of an <see cref="Int16HopfieldNetwork"/>: the integer field <c>a = J s</c> and the sums m, q
/// are kept up to date from the units that flip (<c>a += 2 s_j J_j</c>, J symmetric), which is exact, so every
/// decision and energy equals the model's own step bit for bit without any fresh product after the first.
/// </summary>
internal static class Int16Recall
{
    /// <summary>A synchronous step recomputes <c>J s</c> instead of updating it when more than N / this many units flip.</summary>
    private const int RefreshDivisor = 8;

    /// <summary>Recalls from one probe (already validated as ±1 of the model's size).</summary>
    public static RecallResult Recall(Int16Weights w, int n, UpdateMode mode, float threshold, ReadOnlySpan<float> probe, RecallOptions options)
    {
        var spins = new short[n];
        for (int i = 0; i < n; i++) spins[i] = (short)probe[i];
        var field = new int[n];
        Blas.GemvInt16(w.Couplings, n, spins, n, field);
        return Run(w, n, mode, threshold, spins, field, options);
    }

    /// <summary>
    /// Recalls from every row of <paramref name="probes"/> (validated). The first fields of all probes come from one
    /// product that reads J once. Synchronous probes then step in lockstep: those with more than N / 8 flips in a step
    /// get fresh fields from one product together, the others update their own; asynchronous probes run on their own,
    /// in parallel. Every result equals <see cref="Recall"/> of its row, bit for bit (the fields are exact).
    /// </summary>
    public static void RecallBatch(Int16Weights w, int n, UpdateMode mode, float threshold, Matrix probes, RecallOptions options,
        RecallResult[] results, Action<int>? onDone, CancellationToken cancellationToken)
    {
        int batch = probes.Rows;
        var spins = new short[(long)batch * n];
        var source = probes.AsSpan();
        for (int t = 0; t < spins.Length; t++) spins[t] = (short)source[t];
        var fields = new int[(long)batch * n];
        Blas.GemmInt16(w.Couplings, n, spins, batch, n, fields);
        if (mode == UpdateMode.Synchronous)
        {
            Lockstep(w, n, threshold, spins, fields, batch, options, results, onDone, cancellationToken);
            return;
        }
        cancellationToken.ThrowIfCancellationRequested();
        // A single failure (a progress handler's) comes out of CannsParallelism.For as itself, as on the step path.
        CannsParallelism.For(0, batch, b =>
        {
            // Thrown once after the loop, not from its bodies (which Parallel.For would wrap in an AggregateException).
            if (cancellationToken.IsCancellationRequested) return;
            results[b] = Run(w, n, mode, threshold, spins.AsSpan(b * n, n).ToArray(), fields.AsSpan(b * n, n).ToArray(), options);
            onDone?.Invoke(b);
        });
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>One synchronous probe of a lockstep batch.</summary>
    private sealed class Probe(short[] spins, int[] field, long m, long q, List<double>? trace)
    {
        public readonly short[] Spins = spins;
        public readonly int[] Field = field;
        public readonly short[] Next = new short[spins.Length];
        public readonly List<int> Flips = [];
        public readonly List<double>? Trace = trace;
        public long M = m, Q = q;
    }

    private static void Lockstep(Int16Weights w, int n, float threshold, short[] spins, int[] fields, int batch, RecallOptions options,
        RecallResult[] results, Action<int>? onDone, CancellationToken cancellationToken)
    {
        var probes = new Probe[batch];
        for (int b = 0; b < batch; b++)
        {
            var s = spins.AsSpan(b * n, n).ToArray();
            var h = fields.AsSpan(b * n, n).ToArray();
            var (m, q) = Int16HopfieldMath.Sums(s, w.ColumnSums);
            probes[b] = new Probe(s, h, m, q, options.RecordEnergyTrace ? [Energy(w, s, h, m, q, threshold)] : null);
        }
        var active = Enumerable.Range(0, batch).ToList();
        var refresh = new List<int>();
        for (int it = 1; it <= options.MaxIterations && active.Count > 0; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CannsParallelism.For(0, active.Count, a =>
            {
                var p = probes[active[a]];
                if (Decide(w, n, threshold, p.Spins, p.Next, p.Field, p.Flips, ref p.M, ref p.Q) <= n / RefreshDivisor) Update(w, n, p.Spins, p.Field, p.Flips);
            });
            refresh.Clear();
            foreach (int b in active)
            {
                if (probes[b].Flips.Count > n / RefreshDivisor) refresh.Add(b);
            }
            if (refresh.Count > 0)
            {
                // The first product's buffers, free since: room for every probe.
                var (group, groupFields) = (spins, fields);
                for (int r = 0; r < refresh.Count; r++) probes[refresh[r]].Spins.CopyTo(group, r * n);
                Blas.GemmInt16(w.Couplings, n, group, refresh.Count, n, groupFields);
                for (int r = 0; r < refresh.Count; r++) groupFields.AsSpan(r * n, n).CopyTo(probes[refresh[r]].Field);
            }
            int last = it;
            active.RemoveAll(b =>
            {
                var p = probes[b];
                p.Trace?.Add(Energy(w, p.Spins, p.Field, p.M, p.Q, threshold));
                bool converged = p.Flips.Count == 0;
                if (!converged && last < options.MaxIterations) return false;
                results[b] = Finish(w, threshold, p.Spins, p.Field, p.M, p.Q, last, converged, p.Trace, options.FinalEnergy);
                onDone?.Invoke(b);
                return true;
            });
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static RecallResult Finish(Int16Weights w, float threshold, short[] spins, int[] field, long m, long q, int iterations, bool converged,
        List<double>? trace, bool finalEnergy)
    {
        var state = new float[spins.Length];
        for (int i = 0; i < spins.Length; i++) state[i] = spins[i];
        return new RecallResult(state, iterations, converged, finalEnergy ? Energy(w, spins, field, m, q, threshold) : double.NaN, trace);
    }

    private static RecallResult Run(Int16Weights w, int n, UpdateMode mode, float threshold, short[] spins, int[] field, RecallOptions options)
    {
        var (m, q) = Int16HopfieldMath.Sums(spins, w.ColumnSums);
        List<double>? trace = options.RecordEnergyTrace ? [Energy(w, spins, field, m, q, threshold)] : null;
        var random = mode == UpdateMode.Asynchronous ? new SplitMix64Random(options.Seed) : null;
        var order = mode == UpdateMode.Asynchronous ? new int[n] : null;
        var next = mode == UpdateMode.Synchronous ? new short[n] : null;
        var flips = new List<int>();
        int iterations = options.MaxIterations;
        bool converged = false;
        for (int it = 1; it <= options.MaxIterations; it++)
        {
            int changed = mode == UpdateMode.Synchronous
                ? SynchronousStep(w, n, threshold, spins, next!, field, flips, ref m, ref q)
                : AsynchronousStep(w, n, threshold, spins, field, order!, random!, ref m, ref q);
            trace?.Add(Energy(w, spins, field, m, q, threshold));
            if (changed == 0)
            {
                (iterations, converged) = (it, true);
                break;
            }
        }
        return Finish(w, threshold, spins, field, m, q, iterations, converged, trace, options.FinalEnergy);
    }

    private static double Energy(Int16Weights w, short[] spins, int[] field, long m, long q, float threshold) =>
        Int16HopfieldMath.Energy(w, Int16HopfieldMath.Quadratic(spins, field), m, q, spins.Length, threshold);

    /// <summary>Every unit from the same fields; then the fields of the new state, updated or recomputed.</summary>
    private static int SynchronousStep(Int16Weights w, int n, float threshold, short[] spins, short[] next, int[] field, List<int> flips,
        ref long m, ref long q)
    {
        int changed = Decide(w, n, threshold, spins, next, field, flips, ref m, ref q);
        if (changed > n / RefreshDivisor) Blas.GemvInt16(w.Couplings, n, spins, n, field);
        else Update(w, n, spins, field, flips);
        return changed;
    }

    /// <summary>Decides every unit from the current fields and applies the flips to the spins, m and q (not the fields).</summary>
    private static int Decide(Int16Weights w, int n, float threshold, short[] spins, short[] next, int[] field, List<int> flips, ref long m, ref long q)
    {
        flips.Clear();
        int start = Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? DecideVector(w, n, threshold, spins, next, field, flips, m, q) : 0;
        for (int i = start; i < n; i++)
        {
            short old = spins[i];
            next[i] = Int16HopfieldMath.Decide(Int16HopfieldMath.Field(w, field[i], w.ColumnSums[i], old, m, q), threshold, old);
            if (next[i] != old) flips.Add(i);
        }
        foreach (int j in flips)
        {
            spins[j] = next[j];
            m += 2 * spins[j];
            q += 2L * spins[j] * w.ColumnSums[j];
        }
        return flips.Count;
    }

    /// <summary>
    /// <see cref="Int16HopfieldMath.Field"/> and <see cref="Int16HopfieldMath.Decide"/> for 8 units at a time in double.
    /// Every integer it converts (a, S, S·m + q − 2·S·s, m − s) is below 2⁵³, so each is the same double as the scalar
    /// formula's long, and the same operations in the same order give the same fields: the same decisions. Returns
    /// the units done (a multiple of 8); flips are listed in order.
    /// </summary>
    private static int DecideVector(Int16Weights w, int n, float threshold, short[] spins, short[] next, int[] field, List<int> flips, long m, long q)
    {
        int i = 0;
        var scale = Vector512.Create(w.Scale);
        var center = Vector512.Create(w.Center);
        var offset = Vector512.Create(w.Offset);
        var vm = Vector512.Create((double)m);
        var vq = Vector512.Create((double)q);
        var theta = Vector512.Create((double)threshold);
        var two = Vector512.Create(2.0);
        var columnSums = w.ColumnSums;
        for (; i <= n - 8; i += 8)
        {
            var a = Avx512F.ConvertToVector512Double(Vector256.Create(field.AsSpan(i, 8)));
            var sums = Avx512F.ConvertToVector512Double(Vector256.Create(columnSums.AsSpan(i, 8)));
            var old = Avx512F.ConvertToVector512Double(Avx2.ConvertToVector256Int32(Vector128.Create(spins.AsSpan(i, 8))));
            var x = (sums * vm + vq) - two * sums * old;
            var h = scale * (a - center * x + offset * (vm - old));
            var updated = Vector512.ConditionalSelect(Vector512.GreaterThan(h, theta), Vector512<double>.One,
                Vector512.ConditionalSelect(Vector512.LessThan(h, theta), -Vector512<double>.One, old));
            ulong changed = Vector512.ExtractMostSignificantBits(Vector512.Equals(updated, old)) ^ 0xFFUL;
            Avx512F.VL.ConvertToVector128Int16(Avx512F.ConvertToVector256Int32(updated)).CopyTo(next.AsSpan(i, 8));
            while (changed != 0)
            {
                flips.Add(i + System.Numerics.BitOperations.TrailingZeroCount(changed));
                changed &= changed - 1;
            }
        }
        return i;
    }

    /// <summary>The fields of the new state from the flips: <c>a += 2 s_j J_j</c> for each flipped unit j.</summary>
    private static void Update(Int16Weights w, int n, short[] spins, int[] field, List<int> flips)
    {
        foreach (int j in flips) Blas.AddScaledInt16(field, w.Couplings.AsSpan(j * n, n), 2 * spins[j]);
    }

    /// <summary>Units in a fresh random order (the model's own permutation), each field updated as soon as a unit flips.</summary>
    private static int AsynchronousStep(Int16Weights w, int n, float threshold, short[] spins, int[] field, int[] order, Random random,
        ref long m, ref long q)
    {
        HopfieldMath.Permutation(order, random);
        int changed = 0;
        foreach (int i in order)
        {
            short old = spins[i];
            short s = Int16HopfieldMath.Decide(Int16HopfieldMath.Field(w, field[i], w.ColumnSums[i], old, m, q), threshold, old);
            if (s == old) continue;
            spins[i] = s;
            m += s - old;
            q += (long)w.ColumnSums[i] * (s - old);
            Blas.AddScaledInt16(field, w.Couplings.AsSpan(i * n, n), s - old);
            changed++;
        }
        return changed;
    }
}
