namespace Canns.Models;

/// <summary>The profile <c>k(d)</c> of a ring attractor's initial couplings <c>W_ij = (J0 + J1·k(θ_i − θ_j)) / N</c>.</summary>
public enum RingCoupling
{
    /// <summary>Zero weights: W is left for a trainer to learn.</summary>
    None,

    /// <summary><c>k(d) = cos d</c>: the ring model of Ben-Yishai, Bar-Or and Sompolinsky (1995).</summary>
    Cosine,

    /// <summary><c>k(d) = exp(−d²/(2σ²))</c> with d the distance on the ring in (−π, π] and σ <see cref="RingAttractorOptions.Width"/>.</summary>
    Gaussian,
}
