namespace Canns.Models;

/// <summary>Options of a <see cref="LinearLayer"/>.</summary>
public sealed class LinearLayerOptions
{
    /// <summary>
    /// The seed of the initial weights: layers of the same shape, options and seed start with the same weights (the
    /// default included). Not used when a <see cref="Random"/> is passed to the constructor.
    /// </summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>
    /// The initial weights are drawn uniformly from [−s, s] with s this scale; null for <c>1/√inputs</c>. Finite and ≥ 0.
    /// </summary>
    /// <value>The default value is null (1/√inputs).</value>
    public float? InitialWeightScale { get; set; }

    /// <summary>Give the layer a per-output sliding threshold θ (starting at 0), as the BCM rule needs.</summary>
    /// <value>The default value is false.</value>
    public bool SlidingThreshold { get; set; }

    /// <summary>The time constant τ of the sliding threshold, <c>θ ← θ + (y² − θ)/τ</c>; finite and ≥ 1.</summary>
    /// <value>The default value is 100.</value>
    public float ThresholdTimeConstant { get; set; } = 100f;

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (InitialWeightScale is float s && (!float.IsFinite(s) || s < 0)) errors.Add($"InitialWeightScale ({s}) must be finite and ≥ 0.");
        if (!float.IsFinite(ThresholdTimeConstant) || ThresholdTimeConstant < 1)
        {
            errors.Add($"ThresholdTimeConstant τ ({ThresholdTimeConstant}) must be finite and ≥ 1 (τ ≤ 0 is meaningless, τ < 1 overshoots).");
        }
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(LinearLayerOptions), string.Join(" ", errors));
    }
}
