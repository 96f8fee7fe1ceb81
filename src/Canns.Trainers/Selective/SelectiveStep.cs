namespace Canns.Trainers;

/// <summary>What one step of a <see cref="SelectiveTrainer{TModel, TPrediction}"/> did.</summary>
/// <param name="Step">The step's number, from 1.</param>
/// <param name="Gated">False during the warm-up, while every trace is 0, or when the surprise cancels the protection
/// (<c>SurpriseWeight·s = 1</c>): the step was the wrapped trainer's, unchanged.</param>
/// <param name="Surprise">s ∈ [0, 1], one minus the cosine between the step's |Δ| and the traces before it (0 when either is all zero).</param>
/// <param name="MeanGate">The mean over the synapses (<see cref="SelectiveTrainer{TModel, TPrediction}.SynapseCount"/>: the parameter's elements, or the existing synapses of a masked model's weights) of the gate applied (1 when not gated).</param>
/// <param name="ProtectedFraction">The fraction of those synapses whose gate was below one half.</param>
/// <param name="MeanEligibility">ē after the step: the mean trace, which scales the next step's protection.</param>
/// <param name="Threshold">The adaptive threshold the step used (traces at or below it were not gated); null without a percentile.</param>
public sealed record SelectiveStep(long Step, bool Gated, double Surprise, double MeanGate, double ProtectedFraction, double MeanEligibility, float? Threshold);
