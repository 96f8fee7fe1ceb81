using Canns.Models;

namespace Canns.Trainers;

/// <summary>The outcome of recalling one probe.</summary>
/// <param name="State">The final state.</param>
/// <param name="Iterations">Steps taken, counting the step that found nothing changed.</param>
/// <param name="Converged">True when the state stopped changing (or changed less than the tolerance) before the step limit.</param>
/// <param name="Energy">The energy of the final state, <c>−½ sᵀWs + θ Σ s</c>; NaN when <see cref="RecallOptions.FinalEnergy"/> is false.</param>
/// <param name="EnergyTrace">The energy of the initial state and after every step, when asked for; otherwise null.</param>
/// <remarks>
/// Equality is by value: two results are equal when their iterations, convergence and energy are equal and their
/// <see cref="State"/> and <see cref="EnergyTrace"/> hold equal elements (or both traces are null). Elements compare as
/// the record's own <see cref="double"/> members do, by <c>Equals</c>: NaN equals NaN, and 0 equals −0.
/// </remarks>
public sealed record RecallResult(float[] State, int Iterations, bool Converged, double Energy, IReadOnlyList<double>? EnergyTrace)
{
    /// <summary>
    /// True when both results have the same state, iterations, convergence and energy, whether or not either recorded
    /// an <see cref="EnergyTrace"/>: <see cref="Equals(RecallResult)"/> without the trace, for comparing a traced recall
    /// (the step path with progress) with an untraced one.
    /// </summary>
    public bool SameOutcomeAs(RecallResult other) =>
        other is not null && Iterations == other.Iterations && Converged == other.Converged &&
        Energy.Equals(other.Energy) && SequenceEquality.Equal(State, other.State);

    /// <summary>True when <paramref name="other"/> has the same outcome (<see cref="SameOutcomeAs"/>) and an equal <see cref="EnergyTrace"/>, element by element.</summary>
    public bool Equals(RecallResult? other) =>
        ReferenceEquals(this, other) || (other is not null && SameOutcomeAs(other) && SequenceEquality.Equal(EnergyTrace, other.EnergyTrace));

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(SequenceEquality.Hash(State), Iterations, Converged, Energy, SequenceEquality.Hash(EnergyTrace));
}
