using Canns.Models;
using Canns.Numerics;
using Canns.Trainers;

namespace Canns.Analysis;

/// <summary>One variant of a <see cref="PlasticitySweep"/>: its options and the synapses' statistics before and after training.</summary>
/// <param name="Options">The variant's options (a copy).</param>
/// <param name="Before">The snapshot of the fresh network, before training.</param>
/// <param name="After">The snapshot after training.</param>
/// <remarks>Equality is by value: equal snapshots and equal options, every option (the nested ones too) compared.</remarks>
public sealed record PlasticitySweepResult(PlasticityOptions Options, PlasticitySnapshot Before, PlasticitySnapshot After)
{
    /// <summary>True when <paramref name="other"/> has equal options (every one, nested ones included) and equal snapshots.</summary>
    public bool Equals(PlasticitySweepResult? other) =>
        ReferenceEquals(this, other) || (other is not null && PlasticityOptions.Same(Options, other.Options) && Before.Equals(other.Before) && After.Equals(other.After));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(PlasticityOptions.Hash(Options), Before, After);

    /// <summary>The change of the mean weight over the synapses.</summary>
    public double WeightChange => After.MeanWeight - Before.MeanWeight;

    /// <summary>The variance of the weights after training.</summary>
    public double WeightVariance => After.WeightStandardDeviation * After.WeightStandardDeviation;
}

/// <summary>
/// A parameter sweep of the plasticity toolkit: each variant of the options trains a fresh network (from the same
/// factory, so the same synapses and initial weights) on the same patterns; the variants run in parallel, and each
/// result is what training that variant alone would give.
/// </summary>
public static class PlasticitySweep
{
    /// <summary>Trains one fresh network per variant and reports how its synapses changed.</summary>
    /// <param name="createNetwork">Builds the network of every variant: a new instance each call, the same each time (a fixed seed).</param>
    /// <param name="variants">The options to compare (each validated first).</param>
    /// <param name="patterns">The training data, one row of <see cref="RecurrentSpikingNetwork.InputSize"/> values (a current per neuron, or with input weights an activity per input channel) per pattern.</param>
    /// <param name="cancellationToken">Stops the sweep.</param>
    /// <returns>One result per variant, in their order.</returns>
    /// <exception cref="ArgumentException">No variants, or patterns that do not fit the network.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A variant's option is out of range (named with the variant).</exception>
    public static IReadOnlyList<PlasticitySweepResult> Run(Func<RecurrentSpikingNetwork> createNetwork, IReadOnlyList<PlasticityOptions> variants, Matrix patterns,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(createNetwork);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(patterns);
        if (variants.Count == 0) throw new ArgumentException("There are no variants.", nameof(variants));
        for (int v = 0; v < variants.Count; v++)
        {
            if (variants[v] is null) throw new ArgumentException($"Variant {v} is null.", nameof(variants));
            try
            {
                variants[v].Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new ArgumentOutOfRangeException($"Variant {v}: {e.Message}", e);
            }
        }
        // The networks and trainers are built first, on this thread, so a bad factory or data fail here, plainly.
        var trainers = new PlasticityTrainer[variants.Count];
        var built = new HashSet<RecurrentSpikingNetwork>(ReferenceEqualityComparer.Instance);
        for (int v = 0; v < variants.Count; v++)
        {
            var net = createNetwork() ?? throw new ArgumentException("The network factory returned null.", nameof(createNetwork));
            // Each variant needs a network of its own: two trainers on one W would train it one after the other.
            if (!built.Add(net)) throw new ArgumentException($"The network factory returned the same network for variant {v} as for an earlier one; it must build a new one each call.", nameof(createNetwork));
            if (patterns.Rows == 0 || patterns.Columns != net.InputSize)
            {
                throw new ArgumentException($"The patterns are ({patterns.Rows}, {patterns.Columns}); the network needs at least one row of {net.InputSize}.", nameof(patterns));
            }
            trainers[v] = new PlasticityTrainer(net, variants[v]);
            trainers[v].ConfigureProgress(showProgress: false);
        }
        Guard.ThrowIfNotFinite(patterns, nameof(patterns));
        var results = new PlasticitySweepResult[variants.Count];
        var failures = new Exception?[variants.Count];
        CannsParallelism.For(0, variants.Count, v =>
        {
            try
            {
                var before = trainers[v].Snapshot();
                trainers[v].Train(patterns, cancellationToken);
                results[v] = new PlasticitySweepResult(trainers[v].Options, before, trainers[v].Snapshot());
            }
            catch (Exception e)
            {
                failures[v] = e;
            }
        });
        // The first failure in variant order, as itself (not wrapped in an AggregateException).
        if (failures.FirstOrDefault(e => e is not null) is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return results;
    }
}
