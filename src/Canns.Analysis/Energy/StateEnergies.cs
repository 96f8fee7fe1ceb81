namespace Canns.Analysis;

/// <summary>Energies, by the model's own energy function, of stored patterns and of the states they compete with.</summary>
/// <param name="Stored">E(ξ_p) for every stored pattern.</param>
/// <param name="Inverted">E(−ξ_p) for every stored pattern.</param>
/// <param name="Mixtures">E(sgn(ξ_a + ξ_b + ξ_c)) for the triples evaluated (lexicographic order a &lt; b &lt; c).</param>
/// <param name="Random">E(s) for uniformly random ±1 states s.</param>
public sealed record StateEnergies(IReadOnlyList<double> Stored, IReadOnlyList<double> Inverted, IReadOnlyList<double> Mixtures, IReadOnlyList<double> Random);
