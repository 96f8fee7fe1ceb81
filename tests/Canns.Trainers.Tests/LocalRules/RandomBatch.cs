namespace Canns.Trainers.Tests.LocalRules;

/// <summary>Rule operands drawn from a fixed seed, with exact zeros sprinkled in so equality tests have lanes to find.</summary>
internal static class RandomBatch
{
    public static RuleBatch Create(int rows, int columns, int patterns, int seed, bool traces = true)
    {
        var random = new Random(seed);
        float[] Draw(int n, float scale) => Enumerable.Range(0, n).Select(k => k % 5 == 3 ? 0f : scale * (2f * random.NextSingle() - 1f)).ToArray();
        return new RuleBatch
        {
            Pre = Draw(patterns * columns, 1f),
            PostT = Draw(rows * patterns, 1f),
            PreTrace = traces ? Draw(patterns * columns, 2f) : [],
            PostTraceT = traces ? Draw(rows * patterns, 2f) : [],
            Theta = Draw(rows, 0.5f),
            Modulator = 0.75f,
            W = Draw(rows * columns, 0.5f),
            Delta = new float[rows * columns],
            Rows = rows,
            Columns = columns,
            Patterns = patterns,
        };
    }

    /// <summary>Row by row through <see cref="LocalRule.ComputeRow"/>; the batch's own Delta.</summary>
    public static float[] Compiled(LocalRule rule, RuleBatch b)
    {
        for (int i = 0; i < b.Rows; i++) rule.ComputeRow(b, i);
        return b.Delta.ToArray();
    }

    /// <summary>The step path: synapse by synapse through the scalar rule.</summary>
    public static float[] Step(LocalRule rule, RuleBatch b)
    {
        LocalRuleEngine.ComputeStep(rule, b, onSample: null, CancellationToken.None);
        return b.Delta.ToArray();
    }
}
