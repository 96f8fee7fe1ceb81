namespace Canns.Analysis;

/// <summary>One chunk of a <see cref="TrainingRun"/>: the loss and the statistics it was computed from.</summary>
/// <param name="Chunk">The chunk, from 1.</param>
/// <param name="Loss">The loss: w_rate·<see cref="RateLoss"/> (+ w_cv·<see cref="CvLoss"/>) (+ w_V·<see cref="MembraneLoss"/>) + α·<see cref="SilentFraction"/>.</param>
/// <param name="RateLoss">The mean over neurons of <c>((ν_i − ν_target)/ν_target)²</c>, ν_i its rate over the evaluation.</param>
/// <param name="SilentFraction">The fraction of neurons that never fired during the evaluation.</param>
/// <param name="MeanRateHz">The mean rate over neurons, in Hz.</param>
/// <param name="RateStandardDeviationHz">The standard deviation of the rates over neurons, in Hz.</param>
/// <param name="MeanWeight">The mean weight of the synapses.</param>
/// <param name="WeightStandardDeviation">Their standard deviation.</param>
/// <param name="Steps">Steps trained so far.</param>
public sealed record ChunkMetrics(
    int Chunk, double Loss, double RateLoss, double SilentFraction, double MeanRateHz, double RateStandardDeviationHz, double MeanWeight, double WeightStandardDeviation, long Steps)
{
    /// <summary>The values of the run's own metrics (<see cref="TrainingRunOptions.Metrics"/>), in their order.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<double> Custom { get; init; } = [];

    /// <summary>The regularity term <c>mean (CV − CvTarget)²</c> over the neurons and patterns with a CV (0 when none has); null when <see cref="TrainingRunOptions.CvWeight"/> is 0.</summary>
    public double? CvLoss { get; init; }

    /// <summary>The mean CV of the inter-spike intervals over the neurons and patterns with one (0 when none has); null when <see cref="TrainingRunOptions.CvWeight"/> is 0.</summary>
    public double? MeanCv { get; init; }

    /// <summary>The membrane term <c>mean max(0, r − MembraneTargetRatio)²</c> over neurons and patterns; null when <see cref="TrainingRunOptions.MembraneWeight"/> is 0.</summary>
    public double? MembraneLoss { get; init; }

    /// <summary>The mean membrane ratio r (mean plus one standard deviation, from reset 0 to threshold 1) over neurons and patterns; null when <see cref="TrainingRunOptions.MembraneWeight"/> is 0.</summary>
    public double? MeanMembraneRatio { get; init; }

    /// <summary>Equal when every field and every custom value is equal.</summary>
    public bool Equals(ChunkMetrics? other) =>
        other is not null && (Chunk, Loss, RateLoss, SilentFraction, MeanRateHz, RateStandardDeviationHz, MeanWeight, WeightStandardDeviation, Steps) ==
        (other.Chunk, other.Loss, other.RateLoss, other.SilentFraction, other.MeanRateHz, other.RateStandardDeviationHz, other.MeanWeight, other.WeightStandardDeviation, other.Steps) &&
        (CvLoss, MeanCv, MembraneLoss, MeanMembraneRatio) == (other.CvLoss, other.MeanCv, other.MembraneLoss, other.MeanMembraneRatio) && Custom.SequenceEqual(other.Custom);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Chunk, Loss, Steps, Custom.Count);
}
