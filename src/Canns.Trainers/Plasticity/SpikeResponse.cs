using Canns.Models;

namespace Canns.Trainers;

/// <summary>A network's response to one input presented for a number of steps, without learning.</summary>
/// <param name="SpikeCounts">Spikes of each neuron.</param>
/// <param name="RatesHz">Each neuron's rate over the presentation, in Hz.</param>
/// <param name="Steps">Steps the input was presented for.</param>
/// <remarks>
/// Equality is by value: two responses are equal when <see cref="Steps"/> is equal and every array holds equal elements;
/// doubles compare by <c>Equals</c>, so NaN (a neuron's undefined <see cref="IntervalCv"/>) equals NaN.
/// </remarks>
public sealed record SpikeResponse(int[] SpikeCounts, double[] RatesHz, int Steps)
{
    /// <summary>All spikes of all neurons.</summary>
    public long TotalSpikes => SpikeCounts.Sum(c => (long)c);

    /// <summary>
    /// Each neuron's coefficient of variation of its inter-spike intervals over the presentation (standard deviation
    /// over mean, population form; 0 for perfectly regular firing, about 1 for Poisson-like firing); NaN for a neuron
    /// with fewer than two intervals (fewer than three spikes), whose regularity is undefined.
    /// </summary>
    /// <value>The default value is empty (a response built without it).</value>
    public double[] IntervalCv { get; init; } = [];

    /// <summary>Each neuron's mean membrane potential over the presentation's steps (after each step's update and reset).</summary>
    /// <value>The default value is empty (a response built without it).</value>
    public double[] MembraneMean { get; init; } = [];

    /// <summary>
    /// Each neuron's standard deviation of its membrane potential over the presentation's steps (population form): the
    /// subthreshold fluctuation a membrane-variance loss would hold in check (say as a <c>TrainingRunMetric</c>).
    /// </summary>
    /// <value>The default value is empty (a response built without it).</value>
    public double[] MembraneStandardDeviation { get; init; } = [];

    /// <summary>True when <paramref name="other"/> has the same steps and equal arrays, element by element.</summary>
    public bool Equals(SpikeResponse? other) =>
        ReferenceEquals(this, other) || (other is not null && Steps == other.Steps &&
        SequenceEquality.Equal(SpikeCounts, other.SpikeCounts) && SequenceEquality.Equal(RatesHz, other.RatesHz) &&
        SequenceEquality.Equal(IntervalCv, other.IntervalCv) && SequenceEquality.Equal(MembraneMean, other.MembraneMean) &&
        SequenceEquality.Equal(MembraneStandardDeviation, other.MembraneStandardDeviation));

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Steps, SequenceEquality.Hash(SpikeCounts), SequenceEquality.Hash(RatesHz), SequenceEquality.Hash(IntervalCv),
            SequenceEquality.Hash(MembraneMean), SequenceEquality.Hash(MembraneStandardDeviation));
}
