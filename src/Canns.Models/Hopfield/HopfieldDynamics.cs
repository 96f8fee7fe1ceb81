namespace Canns.Models;

/// <summary>The configuration of Hopfield dynamics: what a compiled recall kernel is specialised for.</summary>
/// <param name="Activation">The activation function.</param>
/// <param name="UpdateMode">Synchronous or asynchronous updates.</param>
/// <param name="Threshold">The threshold θ subtracted from every local field.</param>
/// <param name="Temperature">The temperature T of the smooth activations (ignored by sign).</param>
public sealed record HopfieldDynamics(Activation Activation, UpdateMode UpdateMode, float Threshold, float Temperature);
