namespace Canns.Models;

/// <summary>
/// A feedforward layer with a per-output sliding threshold θ and its time constant τ: what the BCM rule needs.
/// </summary>
public interface ISlidingThresholdModel : IFeedforwardModel
{
    /// <summary>The sliding threshold θ, one value per output; null when the layer was created without one.</summary>
    ParamState? Theta { get; }

    /// <summary>The time constant τ of <c>θ ← θ + (y² − θ)/τ</c>; finite and ≥ 1.</summary>
    float ThresholdTimeConstant { get; }
}
