namespace Canns.Analysis;

/// <summary>The energies <c>E(ξ_p)</c> of stored patterns, by the model's own energy function.</summary>
/// <param name="Energies">One energy per pattern, in row order.</param>
/// <param name="WeightsVersion">The weights' version they were computed at.</param>
public sealed record PatternEnergies(IReadOnlyList<double> Energies, long WeightsVersion) : WeightBoundResult(WeightsVersion)
{
    /// <summary>The mean energy <c>(1/P) Σ_p E(ξ_p)</c>.</summary>
    public double Mean => Energies.Count == 0 ? double.NaN : Energies.Average();
}
