using Canns.Models;

namespace Canns.Analysis;

/// <summary>
/// A result computed from a model's weights, stamped with the weights' <see cref="ParamState.Version"/> at the time,
/// so a caller can tell when further training (or any other write to W) has made it stale.
/// </summary>
/// <param name="WeightsVersion">The value of <c>W.Version</c> read before the computation started.</param>
public abstract record WeightBoundResult(long WeightsVersion)
{
    /// <summary>True when <paramref name="weights"/> has been written since this result was computed: <c>weights.Version ≠ WeightsVersion</c>.</summary>
    /// <remarks>Meaningful only for the parameter the result was computed from.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    public bool IsStale(ParamState weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return weights.Version != WeightsVersion;
    }

    /// <summary>True when the model's weights <c>W</c> have been written since this result was computed.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public bool IsStale(IHasWeights model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return IsStale(model.W);
    }
}
