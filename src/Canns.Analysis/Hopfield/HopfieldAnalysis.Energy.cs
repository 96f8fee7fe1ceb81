using Canns.Models;

namespace Canns.Analysis;

public static partial class HopfieldAnalysis
{
    /// <summary>
    /// The energy of every stored pattern by the model's own energy function (for the Amari–Hopfield network
    /// <c>E(ξ) = −½ ξᵀWξ + θ Σ_i ξ_i</c>, threshold term included), computed without changing the model's state.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">There are no patterns, or their width differs from the model's size.</exception>
    public static PatternEnergies Energies(IRecurrentNetwork model, Matrix patterns)
    {
        ArgumentNullException.ThrowIfNull(model);
        ThrowIfWidthMismatch(patterns, model.Size, nameof(patterns));
        long version = model.W.Version;
        var energies = new double[patterns.Rows];
        for (int p = 0; p < patterns.Rows; p++) energies[p] = model.ComputeEnergy(patterns.Row(p));
        return new PatternEnergies(energies, version);
    }
}
