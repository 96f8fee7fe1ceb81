namespace Canns.Trainers;

/// <summary>What a <see cref="LocalRuleTrainer"/> subtracts from the patterns before the rule sees them.</summary>
public enum RuleCentering
{
    /// <summary>Nothing: the rule sees x_j and x_i as given.</summary>
    None,

    /// <summary>
    /// The mean activity ρ over all entries of the call's patterns: the rule sees x_j − ρ and x_i − ρ (covariance rules),
    /// and the traces accumulate these centred values.
    /// </summary>
    GlobalMean,
}
