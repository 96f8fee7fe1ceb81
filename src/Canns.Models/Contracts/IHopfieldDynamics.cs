namespace Canns.Models;

/// <summary>
/// A recurrent network whose dynamics are the Hopfield update <c>s ← f((W s − θ)/T)</c>, described by
/// <see cref="Dynamics"/> so a trainer can run them in a fused, compiled kernel instead of step by step.
/// </summary>
public interface IHopfieldDynamics : IRecurrentNetwork
{
    /// <summary>The update rule's configuration.</summary>
    HopfieldDynamics Dynamics { get; }
}
