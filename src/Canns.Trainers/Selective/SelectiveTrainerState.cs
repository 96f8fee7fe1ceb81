using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// The state of a <see cref="SelectiveTrainer{TModel, TPrediction}"/> (<see cref="SelectiveTrainer{TModel, TPrediction}.CaptureState"/>):
/// what a long run saves beside the model's weights to go on exactly where it stopped. ē and the adaptive threshold are
/// recomputed from the traces on restore.
/// </summary>
/// <param name="Eligibility">The traces, one per element of the gated parameter (a copy).</param>
/// <param name="Steps">Steps taken.</param>
/// <param name="PeakUpdate">D, the decaying peak of recent updates.</param>
/// <remarks>
/// Equality is by value: two states are equal when their steps and peak are equal and their traces are equal element by
/// element (by <c>Equals</c>, so NaN equals NaN). Comparing or hashing reads every trace, as capturing copies them.
/// </remarks>
public sealed record SelectiveTrainerState(float[] Eligibility, long Steps, float PeakUpdate)
{
    /// <summary>True when <paramref name="other"/> has the same steps and peak and equal traces, element by element.</summary>
    public bool Equals(SelectiveTrainerState? other) =>
        ReferenceEquals(this, other) || (other is not null && Steps == other.Steps && PeakUpdate.Equals(other.PeakUpdate) &&
        SequenceEquality.Equal(Eligibility, other.Eligibility));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Steps, PeakUpdate, SequenceEquality.Hash(Eligibility));
}
