namespace Canns.Models;

/// <summary>The interaction function F of a <see cref="DenseAssociativeMemory"/>, whose energy is <c>−Σ_μ F(ξ_μ·σ)</c>.</summary>
public enum DenseInteraction
{
    /// <summary><c>F(x) = xⁿ</c> (Krotov and Hopfield 2016); n = 2 is the classical Hopfield network.</summary>
    Polynomial,

    /// <summary><c>F(x) = max(x, 0)ⁿ</c>: only memories the state agrees with more than it disagrees with attract it.</summary>
    RectifiedPolynomial,

    /// <summary><c>F(x) = exp(βx)</c> (Demircigil et al. 2017): a capacity exponential in N.</summary>
    Exponential,
}
