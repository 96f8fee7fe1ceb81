using System.Runtime.ExceptionServices;

namespace Canns.Trainers;

/// <summary>The loops both local-rule trainers share: the rule over rows on either path, the update, the finiteness check.</summary>
internal static class LocalRuleEngine
{
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
        int i = 0, j = 0;
        Array.Clear(b.Delta);
        try
        {
            for (int p = 0; p < b.Patterns; p++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (i = 0; i < b.Rows; i++)
                {
                    long row = (long)i * b.Columns;
                    for (j = 0; j < b.Columns; j++)
                    {
                        b.Delta[row + j] += rule.Evaluate(b.At(i, j, p));
                    }
                }
                onSample?.Invoke(p);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new LocalRuleException(rule.Name, i, j, e);
        }
    }

    /// <summary>Runs <paramref name="row"/> over [0, rows) on all cores, surfacing the lowest row's rule failure.</summary>
    public static void RunParallel(int rows, Action<int> row, CancellationToken cancellationToken)
    {
        try
        {
            Parallel.For(0, rows, new ParallelOptions { CancellationToken = cancellationToken }, row);
        }
        catch (AggregateException e)
        {
            var first = e.Flatten().InnerExceptions.OrderBy(x => x is LocalRuleException l ? l.Row : int.MaxValue).First();
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    /// <summary><c>w ← clamp(w + η(s·Δ − λw))</c> over a range, into <paramref name="destination"/> (which may be <paramref name="w"/>).</summary>
    public static void Update(ReadOnlySpan<float> w, ReadOnlySpan<float> delta, Span<float> destination, float rate, float scale, LocalRuleOptions o)
    {
        float decay = o.WeightDecay;
        float lo = o.MinWeight ?? float.NegativeInfinity, hi = o.MaxWeight ?? float.PositiveInfinity;
        bool clamp = o.MinWeight is not null || o.MaxWeight is not null;
        for (int k = 0; k < w.Length; k++)
        {
            float next = w[k] + rate * (scale * delta[k] - decay * w[k]);
            destination[k] = clamp && float.IsFinite(next) ? Math.Clamp(next, lo, hi) : next;
        }
    }

    /// <summary>The index of the first NaN or ∞, or −1.</summary>
    public static long FirstNonFinite(ReadOnlySpan<float> values)
    {
        if (float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(values))) return -1;
        for (int k = 0; k < values.Length; k++)
        {
            if (!float.IsFinite(values[k])) return k;
        }
        return -1;
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
