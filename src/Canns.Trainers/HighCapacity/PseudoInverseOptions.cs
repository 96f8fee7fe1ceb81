namespace Canns.Trainers;

/// <summary>Options of <see cref="PseudoInverseTrainer"/>.</summary>
public sealed class PseudoInverseOptions
{
    /// <summary>
    /// Set the diagonal of W to zero. The projector's diagonal is in [0, 1]; below 1 (the usual case, P &lt; N) each
    /// stored pattern stays a fixed point of sign dynamics at θ = 0 (its field is <c>(1 − P_ii) ξ_i</c>), and removing
    /// self-coupling widens the basins of attraction (Kanter and Sompolinsky 1987). Where P_ii = 1 (P = N, or a basis
    /// vector among the patterns) unit i's field loses its pattern term. False keeps the exact projector, <c>W ξ = ξ</c>.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool ZeroDiagonal { get; set; } = true;

    /// <summary>
    /// How small, relative to its pattern's squared norm, the part of a pattern outside the span of the earlier ones may
    /// get before the set counts as linearly dependent (the overlap matrix then has no usable inverse); in (0, 1).
    /// </summary>
    /// <value>The default value is 1e-9.</value>
    public double DependenceTolerance { get; set; } = 1e-9;

    /// <summary>The parameter to train; null for the model's own <c>WeightParameterName</c>.</summary>
    /// <value>The default value is null.</value>
    public string? WeightParameter { get; set; }

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!(DependenceTolerance > 0 && DependenceTolerance < 1)) errors.Add($"DependenceTolerance ({DependenceTolerance}) must be in (0, 1).");
        if (WeightParameter is not null && string.IsNullOrWhiteSpace(WeightParameter)) errors.Add("WeightParameter must be null or a parameter name.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(PseudoInverseOptions), string.Join(" ", errors));
    }

    internal PseudoInverseOptions Clone() => (PseudoInverseOptions)MemberwiseClone();
}
