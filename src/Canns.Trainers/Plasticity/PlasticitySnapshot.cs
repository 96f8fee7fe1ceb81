namespace Canns.Trainers;

/// <summary>What a <see cref="PlasticityTrainer"/> reports to its monitor: the weights' distribution and the activity.</summary>
/// <remarks>
/// Built with an object initialiser naming every property (all are <see langword="required"/>), so adjacent values of
/// one type cannot be swapped unnoticed; equality is by value, member by member.
/// </remarks>
public sealed record PlasticitySnapshot
{
    /// <summary>Steps trained so far (all calls).</summary>
    public required long Step { get; init; }

    /// <summary>The epoch of the current call (1-based).</summary>
    public required int Epoch { get; init; }

    /// <summary>The curriculum stage's name (empty outside a curriculum).</summary>
    public required string Stage { get; init; }

    /// <summary>The mean weight over the n existing synapses, <c>(1/n) Σ w_ij</c>.</summary>
    public required double MeanWeight { get; init; }

    /// <summary>The weights' standard deviation over the existing synapses (population form), <c>√((1/n) Σ w_ij² − mean²)</c>.</summary>
    public required double WeightStandardDeviation { get; init; }

    /// <summary>The smallest weight of an existing synapse (0 when there is none).</summary>
    public required float MinWeight { get; init; }

    /// <summary>The largest weight of an existing synapse (0 when there is none).</summary>
    public required float MaxWeight { get; init; }

    /// <summary>The fraction of existing synapses at or above w_max.</summary>
    public required double FractionAtUpperBound { get; init; }

    /// <summary>The fraction of existing synapses at or below w_min.</summary>
    public required double FractionAtLowerBound { get; init; }

    /// <summary>The mean of the network's running rates, in Hz.</summary>
    public required double MeanRateHz { get; init; }

    /// <summary>Synapse updates that were potentiations, since the trainer was made.</summary>
    public required long Potentiated { get; init; }

    /// <summary>Synapse updates that were depressions, since the trainer was made.</summary>
    public required long Depressed { get; init; }

    /// <summary>Applications of the rule, since the trainer was made (skipped ones included).</summary>
    public required long Applications { get; init; }

    /// <summary>Applications skipped by selective learning.</summary>
    public required long SkippedApplications { get; init; }

    /// <summary>ē, the mean eligibility trace of selective plasticity (0 when it is off).</summary>
    public required double MeanEligibility { get; init; }

    /// <summary>
    /// The mean over existing synapses of the selective gate each would get at the next application without
    /// coincidence, <c>1/(1 + k e/ē)</c>: 1 when selective plasticity is off or in its warm-up, lower the more the past
    /// has claimed the synapses.
    /// </summary>
    public required double MeanGate { get; init; }

    /// <summary>
    /// The fraction of existing synapses whose gate (as for <see cref="MeanGate"/>) is below one half: those whose trace
    /// exceeds ē/k, kept mostly fixed unless both their neurons are active.
    /// </summary>
    public required double ProtectedFraction { get; init; }
}
