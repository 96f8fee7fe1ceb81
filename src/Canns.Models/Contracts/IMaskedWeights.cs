namespace Canns.Models;

/// <summary>
/// A model whose weights W exist only where a fixed connectivity mask says so (a sparse network kept dense): W is 0
/// elsewhere and trainers keep it so. Statistics over "the synapses" (means, percentiles) are taken over the existing ones.
/// </summary>
public interface IMaskedWeights : IHasWeights
{
    /// <summary>The connectivity in W's layout: 1 where the synapse exists, 0 where it does not; fixed for the model's life.</summary>
    ReadOnlyMemory<float> WeightMask { get; }

    /// <summary>The number of existing synapses (ones in <see cref="WeightMask"/>).</summary>
    long ConnectionCount { get; }
}
