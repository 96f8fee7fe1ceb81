namespace Canns.Trainers;

/// <summary>A user's local rule threw while computing the weight change of synapse (<see cref="Row"/>, <see cref="Column"/>).</summary>
public sealed class LocalRuleException : Exception
{
    /// <summary>Wraps <paramref name="inner"/>, thrown by rule <paramref name="ruleName"/> at synapse (row, column).</summary>
    public LocalRuleException(string ruleName, int row, int column, Exception inner)
        : base($"Local rule '{ruleName}' threw at synapse (i = {row}, j = {column}): {inner.GetType().Name}: {inner.Message} The model is unchanged.", inner)
    {
        RuleName = ruleName;
        Row = row;
        Column = column;
    }

    /// <summary>The rule's name.</summary>
    public string RuleName { get; }

    /// <summary>The postsynaptic index i.</summary>
    public int Row { get; }

    /// <summary>The presynaptic index j.</summary>
    public int Column { get; }
}
