namespace Canns.Trainers;

/// <summary>What a <see cref="PlasticityTrainer"/> reports to its monitor: the weights' distribution and the activity.</summary>
/// <param name="Step">Steps trained so far (all calls).</param>
/// <param name="Epoch">The epoch of the current call (1-based).</param>
/// <param name="Stage">The curriculum stage's name (empty outside a curriculum).</param>
/// <param name="MeanWeight">Mean weight over the existing synapses.</param>
/// <param name="WeightStandardDeviation">Their standard deviation (population).</param>
/// <param name="MinWeight">The smallest weight.</param>
/// <param name="MaxWeight">The largest weight.</param>
/// <param name="FractionAtUpperBound">The fraction of synapses at w_max.</param>
/// <param name="FractionAtLowerBound">The fraction of synapses at w_min.</param>
/// <param name="MeanRateHz">The mean of the network's running rates, in Hz.</param>
/// <param name="Potentiated">Synapse updates that were potentiations, since the trainer was made.</param>
/// <param name="Depressed">Synapse updates that were depressions, since the trainer was made.</param>
/// <param name="Applications">Applications of the rule, since the trainer was made (skipped ones included).</param>
/// <param name="SkippedApplications">Applications skipped by selective learning.</param>
/// <param name="MeanEligibility">ē, the mean eligibility trace of selective plasticity (0 when it is off).</param>
/// <param name="MeanGate">The mean over existing synapses of the selective gate each would get at the next application
/// without coincidence, <c>1/(1 + k e/ē)</c>: 1 when selective plasticity is off or in its warm-up, lower the more the
/// past has claimed the synapses.</param>
/// <param name="ProtectedFraction">The fraction of existing synapses whose gate (as for <paramref name="MeanGate"/>) is
/// below one half: those whose trace exceeds ē/k, kept mostly fixed unless both their neurons are active.</param>
public sealed record PlasticitySnapshot(
    long Step, int Epoch, string Stage, double MeanWeight, double WeightStandardDeviation, float MinWeight, float MaxWeight,
    double FractionAtUpperBound, double FractionAtLowerBound, double MeanRateHz, long Potentiated, long Depressed,
    long Applications, long SkippedApplications, double MeanEligibility, double MeanGate, double ProtectedFraction);
