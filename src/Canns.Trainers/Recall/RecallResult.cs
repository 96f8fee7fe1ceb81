namespace Canns.Trainers;

/// <summary>The outcome of recalling one probe.</summary>
/// <param name="State">The final state.</param>
/// <param name="Iterations">Steps taken, counting the step that found nothing changed.</param>
/// <param name="Converged">True when the state stopped changing (or changed less than the tolerance) before the step limit.</param>
/// <param name="Energy">The energy of the final state, <c>−½ sᵀWs + θ Σ s</c>.</param>
/// <param name="EnergyTrace">The energy of the initial state and after every step, when asked for; otherwise null.</param>
public sealed record RecallResult(float[] State, int Iterations, bool Converged, double Energy, IReadOnlyList<double>? EnergyTrace)
{
    /// <summary>True when both results have the same state, iterations, convergence and energy (bit for bit).</summary>
    public bool SameOutcomeAs(RecallResult other) =>
        other is not null && Iterations == other.Iterations && Converged == other.Converged &&
        Energy.Equals(other.Energy) && State.AsSpan().SequenceEqual(other.State);
}
