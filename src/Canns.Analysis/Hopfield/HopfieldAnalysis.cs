using Canns.Models;

namespace Canns.Analysis;

/// <summary>
/// Statistics of a Hopfield network and its stored patterns: overlaps, energies by the model's own energy function,
/// recall analysis and weight statistics. Results that depend on W carry the weights' version (see
/// <see cref="WeightBoundResult"/>).
/// </summary>
/// <remarks>The operations are split over partial files, one per kind of statistic.</remarks>
public static partial class HopfieldAnalysis
{
    private static void ThrowIfWidthMismatch(Matrix patterns, int neurons, string paramName)
    {
        ArgumentNullException.ThrowIfNull(patterns, paramName);
        if (patterns.Rows == 0) throw new ArgumentException("The pattern set is empty: it has no rows.", paramName);
        if (patterns.Columns != neurons)
        {
            throw new ArgumentException($"The patterns have {patterns.Columns} columns but the model has {neurons} neurons.", paramName);
        }
    }
}
