namespace Canns.Models;

/// <summary>
/// A recurrent attractor network: square weights, a state, an energy and dynamics. What Hebbian-family trainers
/// need to store patterns and to recall them on the step-by-step path.
/// </summary>
public interface IRecurrentNetwork : IHasWeights, IStateful, IEnergyModel, IDynamicModel
{
    /// <summary>An object to lock while mutating the model's state or weights; trainers use it to serialise the step path.</summary>
    object SyncRoot { get; }
}
