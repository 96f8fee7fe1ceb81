using System.Buffers;
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

    /// <summary>Synchronous sign dynamics from <paramref name="s"/> (changed in place; becomes the result's state).</summary>
    public static RecallResult Synchronous(RecallWeights weights, float[] s, float threshold, RecallOptions options)
    {
        int n = weights.Size;
        float[] field = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var h = new IncrementalSignField(weights, field);
            h.Refresh(s);
            var (iterations, converged) = RunSynchronous(ref h, n, s, threshold, options);
            if (!h.IsFresh) h.Refresh(s);
            return new RecallResult(s, iterations, converged, HopfieldMath.Energy(s.AsSpan(0, n), h.Field, threshold), null);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(field);
        }
    }

    /// <summary>
    /// A batch of synchronous recalls: the first fields of all probes as one matrix product, then each probe's
    /// steps on its own (in parallel), then one more product for the probes whose final field is not fresh (the
    /// final energy needs it). Each result equals <see cref="Synchronous"/> on that probe.
    /// </summary>
    public static void SynchronousBatch(RecallWeights weights, Matrix probes, float threshold, RecallOptions options,
        RecallResult[] results, Action<int>? onProbeDone, CancellationToken cancellationToken)
    {
        int n = weights.Size, batch = probes.Rows;
        float[] s = ArrayPool<float>.Shared.Rent(batch * n);
        float[] h = ArrayPool<float>.Shared.Rent(batch * n);
        var outcome = new (int Iterations, bool Converged, bool Fresh)[batch];
        try
        {
            probes.Data.AsSpan(0, batch * n).CopyTo(s);
            // W packed once for both products (the first fields, and the stale ones at the end).
            using var packed = Blas.PackB(weights.Buffer, n, n, rowsOfA: batch);
            Blas.GemmNT(s, batch, packed, h);
            CannsParallelism.For(0, batch, cancellationToken, b =>
            {
                float[] state = ArrayPool<float>.Shared.Rent(n);
                float[] field = ArrayPool<float>.Shared.Rent(n);
                try
                {
                    s.AsSpan(b * n, n).CopyTo(state);
                    h.AsSpan(b * n, n).CopyTo(field);
                    var inc = new IncrementalSignField(weights, field);
                    inc.MarkFresh(state);
                    var (iterations, converged) = RunSynchronous(ref inc, n, state, threshold, options);
                    outcome[b] = (iterations, converged, inc.IsFresh);
                    state.AsSpan(0, n).CopyTo(s.AsSpan(b * n, n));
                    if (inc.IsFresh) field.AsSpan(0, n).CopyTo(h.AsSpan(b * n, n));
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(state);
                    ArrayPool<float>.Shared.Return(field);
                }
            });
            RefreshStale(packed, s, h, outcome, n);
            for (int b = 0; b < batch; b++)
            {
                var state = s.AsSpan(b * n, n);
                results[b] = new RecallResult(state.ToArray(), outcome[b].Iterations, outcome[b].Converged,
                    HopfieldMath.Energy(state, h.AsSpan(b * n, n), threshold), null);
                onProbeDone?.Invoke(b);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(s);
            ArrayPool<float>.Shared.Return(h);
        }
    }

    /// <summary>Recomputes, as one product, the fields of the probes whose kept field is not fresh.</summary>
    private static void RefreshStale(PackedGemmOperand weights, float[] s, float[] h, (int, bool, bool Fresh)[] outcome, int n)
    {
        var stale = new List<int>();
        for (int b = 0; b < outcome.Length; b++)
        {
            if (!outcome[b].Fresh) stale.Add(b);
        }
        if (stale.Count == 0) return;
        float[] states = ArrayPool<float>.Shared.Rent(stale.Count * n);
        float[] fields = ArrayPool<float>.Shared.Rent(stale.Count * n);
        try
        {
            for (int r = 0; r < stale.Count; r++) s.AsSpan(stale[r] * n, n).CopyTo(states.AsSpan(r * n, n));
            Blas.GemmNT(states, stale.Count, weights, fields);
            for (int r = 0; r < stale.Count; r++) fields.AsSpan(r * n, n).CopyTo(h.AsSpan(stale[r] * n, n));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(states);
            ArrayPool<float>.Shared.Return(fields);
        }
    }

    /// <summary>
    /// The synchronous steps on <paramref name="s"/> from the fresh field in <paramref name="h"/>. Returns the steps
    /// taken and whether the state stopped changing; afterwards <paramref name="h"/> may no longer be fresh.
    /// </summary>
    private static (int Iterations, bool Converged) RunSynchronous(ref IncrementalSignField h, int n, float[] s, float threshold, RecallOptions options)
    {
        float[] previous = ArrayPool<float>.Shared.Rent(n);
        float[] beforePrevious = ArrayPool<float>.Shared.Rent(n);
        int[] flipped = ArrayPool<int>.Shared.Rent(n);
        float[] values = ArrayPool<float>.Shared.Rent(n);
        try
        {
            for (int it = 1; it <= options.MaxIterations; it++)
            {
                // The state two steps back is the one before the previous: rotate the buffers, copy once.
                (previous, beforePrevious) = (beforePrevious, previous);
                s.AsSpan(0, n).CopyTo(previous);
                // Every unit decides on the field of the state before the step.
                int count = h.DecideAll(s, threshold, flipped, values);
                if (count == 0) return (it, true);
                if (count > n / RefreshDivisor)
                {
                    for (int q = 0; q < count; q++) s[flipped[q]] = values[q];
                    h.Refresh(s);
                }
                else
                {
                    for (int q = 0; q < count; q++)
                    {
                        int j = flipped[q];
                        float delta = values[q] - s[j];
                        s[j] = values[q];
                        h.Flip(j, delta, values[q]);
                    }
                }
                // A two-cycle (see SynchronousRecallKernel): the states alternate from here on, so the final state
                // follows from the parity of the steps left.
                if (it >= 2 && s.AsSpan(0, n).SequenceEqual(beforePrevious.AsSpan(0, n)))
                {
                    if ((options.MaxIterations - it) % 2 == 1)
                    {
                        previous.AsSpan(0, n).CopyTo(s);
                        h.MarkStale();
                    }
                    break;
                }
            }
            return (options.MaxIterations, false);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(previous);
            ArrayPool<float>.Shared.Return(beforePrevious);
            ArrayPool<int>.Shared.Return(flipped);
            ArrayPool<float>.Shared.Return(values);
        }
    }

    /// <summary>
    /// Asynchronous sign dynamics from <paramref name="s"/>: each sweep visits the units in a fresh permutation from
    /// <see cref="RecallOptions.Seed"/>, exactly as <c>AmariHopfieldNetwork.Step(Random)</c> does.
    /// </summary>
    public static RecallResult Asynchronous(RecallWeights weights, float[] s, float threshold, RecallOptions options)
    {
        int n = weights.Size;
        float[] field = ArrayPool<float>.Shared.Rent(n);
        int[] order = ArrayPool<int>.Shared.Rent(n);
        try
        {
            var random = new Random(options.Seed);
            var h = new IncrementalSignField(weights, field);
            h.Refresh(s);
            int iterations = options.MaxIterations;
            bool converged = false;
            var units = order.AsSpan(0, n);
            for (int it = 1; it <= options.MaxIterations; it++)
            {
                HopfieldMath.Permutation(units, random);
                int changed = 0;
                foreach (int i in units)
                {
                    float next = h.Decide(i, s, threshold);
                    if (next == s[i]) continue;
                    float delta = next - s[i];
                    s[i] = next;
                    h.Flip(i, delta, next);
                    changed++;
                }
                if (changed == 0)
                {
                    (iterations, converged) = (it, true);
                    break;
                }
            }
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
