using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis;

/// <summary>Builds the network and trainer a <see cref="StorageRule"/> names, for capacity studies and energy analyses alike.</summary>
internal static class StorageRuleNetworks
{
    /// <summary>Whether the rule stores in a <see cref="DenseAssociativeMemory"/> (W is then the P × N memory matrix) rather than an N × N W.</summary>
    public static bool IsDense(StorageRule rule) => rule is StorageRule.DenseCubic or StorageRule.DenseExponential;

    /// <summary>
    /// A network with nothing stored and its trainer: an <see cref="AmariHopfieldNetwork"/> of <paramref name="neurons"/>
    /// units, or for the dense rules a <see cref="DenseAssociativeMemory"/> with room for exactly <paramref name="patterns"/>
    /// memories (cubic: <c>F(x) = x³</c>; exponential: <c>F(x) = exp(x)</c>), which has no threshold.
    /// </summary>
    /// <param name="rule">The storage rule.</param>
    /// <param name="neurons">N.</param>
    /// <param name="patterns">P, the dense memory's capacity; unused by the other rules.</param>
    /// <param name="mode">The update mode.</param>
    /// <param name="threshold">θ of the Hopfield network; the caller passes 0 for the dense rules.</param>
    /// <param name="seed">The seed of the network's own asynchronous update order.</param>
    public static (IRecurrentNetwork Network, HopfieldTrainer Trainer) Create(StorageRule rule, int neurons, int patterns, UpdateMode mode, float threshold, int seed)
    {
        if (IsDense(rule))
        {
            var memory = new DenseAssociativeMemory(neurons, patterns, new DenseAssociativeMemoryOptions
            {
                Interaction = rule == StorageRule.DenseCubic ? DenseInteraction.Polynomial : DenseInteraction.Exponential, Degree = 3, UpdateMode = mode, Seed = seed,
            });
            return (memory, new DenseMemoryTrainer(memory));
        }
        var network = new AmariHopfieldNetwork(neurons, new AmariHopfieldOptions { UpdateMode = mode, Threshold = threshold, Seed = seed });
        return (network, CreateTrainer(network, rule));
    }

    /// <summary>The trainer of one of the Hopfield (N × N) rules, bound to <paramref name="network"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rule"/> is a dense rule or undefined.</exception>
    public static HopfieldTrainer CreateTrainer(AmariHopfieldNetwork network, StorageRule rule) => rule switch
    {
        StorageRule.Hebbian => new HebbianTrainer(network),
        StorageRule.HebbianUncentered => new HebbianTrainer(network, new HebbianOptions { SubtractMean = false }),
        StorageRule.AntiHebbian => new AntiHebbianTrainer(network),
        StorageRule.Storkey => new StorkeyTrainer(network),
        StorageRule.PseudoInverse => new PseudoInverseTrainer(network),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Not a storage rule of an N × N Hopfield network."),
    };
}
