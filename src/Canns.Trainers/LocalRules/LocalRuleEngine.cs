using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;
using Canns.Models;

namespace Canns.Trainers;

/// <summary>The loops both local-rule trainers share: the rule over rows on either path, the update, the finiteness check.</summary>
internal static class LocalRuleEngine
{
    /// <summary>A trainer's modulator m, refused (with the old one kept) when it is NaN or ∞.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or ∞.</exception>
    internal static float CheckModulator(float value) =>
        float.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"Modulator ({value}) must be finite.");

    /// <summary>Below this many synapses a parallel loop costs more than it saves.</summary>
    private const long ParallelThreshold = 1 << 15;

    /// <summary>The compiled path: every row through the rule's row kernel, in parallel for large blocks.</summary>
    public static void ComputeCompiled(LocalRule rule, RuleBatch b, CancellationToken cancellationToken)
    {
        if ((long)b.Rows * b.Columns * b.Patterns < ParallelThreshold)
        {
            for (int i = 0; i < b.Rows; i++) Row(rule, b, i);
            return;
        }
        RunParallel(b.Rows, i => Row(rule, b, i), cancellationToken);
    }

    /// <summary>The step path: synapse by synapse, sample by sample (each synapse sums its samples in order).</summary>
    public static void ComputeStep(LocalRule rule, RuleBatch b, Action<int>? onSample, CancellationToken cancellationToken)
    {
        Array.Clear(b.Delta);
        for (int p = 0; p < b.Patterns; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int i = 0, j = 0;
            try
            {
                for (i = 0; i < b.Rows; i++)
                {
                    long row = (long)i * b.Columns;
                    for (j = 0; j < b.Columns; j++)
                    {
                        b.Delta[row + j] += rule.Evaluate(b.At(i, j, p));
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new LocalRuleException(rule.Name, i, j, e);
            }
            // Outside the rule's try: a failing progress handler is not the rule's fault.
            onSample?.Invoke(p);
        }
    }

    /// <summary>Runs <paramref name="row"/> over [0, rows) on all cores, surfacing the lowest row's rule failure.</summary>
    public static void RunParallel(int rows, Action<int> row, CancellationToken cancellationToken)
    {
        try
        {
            CannsParallelism.For(0, rows, cancellationToken, row);
        }
        catch (Exception e) when (e is AggregateException or LocalRuleException)
        {
            // Parallel.For stops taking rows after the first failure, so a lower failing row may never have run (one
            // failure comes out as itself, several in an AggregateException): replay the rows in order (each only
            // overwrites its own output) so the lowest one throws, as the serial loop's would.
            for (int i = 0; i < rows; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                row(i);
            }
            var failures = e is AggregateException all ? all.Flatten().InnerExceptions : [e];
            var first = failures.OrderBy(x => x is LocalRuleException l ? l.Row : int.MaxValue).First();
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    /// <summary>
    /// <c>destination = clamp(w·(1 − ηλ) + (η s)·Δ, min, max)</c> — that is <c>w + η(s·Δ − λw)</c> — element by element;
    /// <paramref name="destination"/> may alias <paramref name="delta"/> or <paramref name="w"/>. Runs in parallel blocks when large.
    /// </summary>
    public static void Update(float[] w, float[] delta, float[] destination, float rate, float scale, LocalRuleOptions o)
    {
        const int Block = 1 << 16;
        int blocks = (w.Length + Block - 1) / Block;
        if (blocks <= 1)
        {
            Update(w.AsSpan(), delta, destination, rate, scale, o);
            return;
        }
        CannsParallelism.For(0, blocks, b =>
        {
            int start = b * Block, length = Math.Min(Block, w.Length - start);
            Update(w.AsSpan(start, length), delta.AsSpan(start, length), destination.AsSpan(start, length), rate, scale, o);
        });
    }

    private static void Update(ReadOnlySpan<float> w, ReadOnlySpan<float> delta, Span<float> destination, float rate, float scale, LocalRuleOptions o)
    {
        // destination may alias either input: write it from the aliased one first. (Both orders round the same two products.)
        if (destination.Overlaps(w))
        {
            TensorPrimitives.Multiply(w, 1f - rate * o.WeightDecay, destination);
            TensorPrimitives.MultiplyAdd(delta, rate * scale, destination, destination);
        }
        else
        {
            TensorPrimitives.Multiply(delta, rate * scale, destination);
            TensorPrimitives.MultiplyAdd(w, 1f - rate * o.WeightDecay, destination, destination);
        }
        if ((o.MinWeight is not null || o.MaxWeight is not null) && !float.IsFinite(TensorPrimitives.Sum((ReadOnlySpan<float>)destination)))
        {
            // Hard bounds must not hide an overflow by clamping ±∞ to a bound: NaN survives Max/Min, so the
            // end-of-training check still sees it and rolls back.
            foreach (ref float v in destination)
            {
                if (float.IsInfinity(v)) v = float.NaN;
            }
        }
        if (o.MinWeight is { } lo) TensorPrimitives.Max(destination, lo, destination);
        if (o.MaxWeight is { } hi) TensorPrimitives.Min(destination, hi, destination);
    }

    /// <summary>The exception for a non-finite result at flat index <paramref name="at"/>; the caller has rolled back.</summary>
    public static NotFiniteNumberException NotFinite(LocalRule rule, float value, long at, int columns, bool fromRule) =>
        new($"Local rule '{rule.Name}' {(fromRule ? "produced a non-finite weight change" : "drove a weight to a non-finite value")} ({value}) at synapse " +
            $"(i = {at / columns}, j = {at % columns}). Likely cause: " +
            (fromRule
                ? "a division by zero (or by a weight or activity that reached 0), the square root of a negative number, or ∞ − ∞ from values too large for float32 in the rule. "
                : "a learning rate too large for the data, so the weights grew without bound (lower it, add WeightDecay or MinWeight/MaxWeight), or a rule that grows with w. ") +
            "The weights were rolled back to their values before this call.", value);

    private static void Row(LocalRule rule, RuleBatch b, int i)
    {
        try
        {
            rule.ComputeRow(b, i);
        }
        catch (Exception e) when (e is not LocalRuleException)
        {
            throw Locate(rule, b, i, e);
        }
    }

    /// <summary>Replays row i synapse by synapse to name the synapse where the rule threw.</summary>
    private static LocalRuleException Locate(LocalRule rule, RuleBatch b, int i, Exception original)
    {
        for (int j = 0; j < b.Columns; j++)
        {
            for (int p = 0; p < b.Patterns; p++)
            {
                try
                {
                    rule.Evaluate(b.At(i, j, p));
                }
                catch (Exception e)
                {
                    return new LocalRuleException(rule.Name, i, j, e);
                }
            }
        }
        return new LocalRuleException(rule.Name, i, -1, original);
    }
}
