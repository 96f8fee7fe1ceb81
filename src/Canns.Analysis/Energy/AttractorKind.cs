namespace Canns.Analysis;

/// <summary>What kind of state recall dynamics settled in.</summary>
public enum AttractorKind
{
    /// <summary>Exactly a stored pattern ξ_p.</summary>
    Stored,

    /// <summary>Exactly an inverted pattern −ξ_p (an attractor whenever ξ_p is one, for θ = 0).</summary>
    Inverted,

    /// <summary>Exactly a symmetric mixture of three patterns, <c>sgn(±ξ_a ± ξ_b ± ξ_c)</c>.</summary>
    Mixture,

    /// <summary>Anything else: another spurious state, or a state still changing at the step limit.</summary>
    Other,
}
