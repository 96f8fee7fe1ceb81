namespace Canns.Analysis;

/// <summary>How a capacity study or an energy analysis stores its patterns.</summary>
public enum StorageRule
{
    /// <summary>Hebbian covariance storage, <c>W = (1/P) Σ_p (ξ_p − ρ)(ξ_p − ρ)ᵀ</c>, zero diagonal (the <c>HebbianTrainer</c> defaults).</summary>
    Hebbian,

    /// <summary>The classic outer-product rule without mean subtraction, <c>W = (1/P) Σ_p ξ_p ξ_pᵀ</c>, zero diagonal.</summary>
    HebbianUncentered,

    /// <summary>
    /// Anti-Hebbian storage, <c>W = −(1/P) Σ_p (ξ_p − ρ)(ξ_p − ρ)ᵀ</c>: a control in which the patterns are repellers,
    /// not fixed points, so exact recall and the fixed-point fraction should be near 0 at every load.
    /// </summary>
    AntiHebbian,

    /// <summary>
    /// Storkey's incremental rule (<c>StorkeyTrainer</c>): each pattern learned against the fields the network already
    /// has; about N/√(2 ln N) random patterns, with wider basins than Hebb's.
    /// </summary>
    Storkey,

    /// <summary>
    /// The projection (pseudo-inverse) rule (<c>PseudoInverseTrainer</c>, zero diagonal): every stored pattern is a
    /// fixed point up to P = N − 1; loads must give P &lt; N.
    /// </summary>
    PseudoInverse,

    /// <summary>
    /// A dense associative memory with the cubic interaction <c>F(x) = x³</c> (<c>DenseAssociativeMemory</c>,
    /// <c>DenseMemoryTrainer</c>): about N²/(6 ln N) patterns without error, so loads well above 1 work.
    /// </summary>
    DenseCubic,

    /// <summary>A dense associative memory with the exponential interaction <c>F(x) = exp(x)</c>: a capacity exponential in N.</summary>
    DenseExponential,
}
