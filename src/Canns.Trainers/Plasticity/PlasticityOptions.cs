namespace Canns.Trainers;

/// <summary>Options of a <see cref="PlasticityTrainer"/>: the long-term rule, its schedule and the slower mechanisms.</summary>
/// <remarks>
/// At each application, a synapse j → i whose neurons were both active (spiked since the last application) is
/// potentiated, <c>w += η m (w_max − w)</c> (soft bounds) or <c>w += η m</c>; one active without the other depresses it,
/// <c>w −= η m ρ (w − w_min)</c> or <c>w −= η m ρ</c>, with ρ the LTD ratio and m the reward (1 without rewards). Then
/// BCM metaplasticity (if on) adds its term, decay multiplies by <c>1 − δ</c>, and w is clipped to [w_min, w_max].
/// </remarks>
public sealed class PlasticityOptions
{
    /// <summary>η, the learning rate; finite and ≥ 0.</summary>
    /// <value>The default value is 0.01.</value>
    public float LearningRate { get; set; } = 0.01f;

    /// <summary>δ, the weight decay per application: <c>w ← (1 − δ) w</c>; in [0, 1].</summary>
    /// <value>The default value is 0.001.</value>
    public float WeightDecay { get; set; } = 0.001f;

    /// <summary>ρ, the strength of depression relative to potentiation; finite and ≥ 0.</summary>
    /// <value>The default value is 0.5.</value>
    public float LtdRatio { get; set; } = 0.5f;

    /// <summary>w_min; finite and ≤ <see cref="MaxWeight"/>.</summary>
    /// <value>The default value is 0.</value>
    public float MinWeight { get; set; }

    /// <summary>w_max; finite; with <see cref="SoftBounds"/> w_max − w_min finite in float32.</summary>
    /// <value>The default value is 1.</value>
    public float MaxWeight { get; set; } = 1f;

    /// <summary>Soft bounds (changes shrink near the bounds) instead of fixed steps clipped at them.</summary>
    /// <value>The default value is true.</value>
    public bool SoftBounds { get; set; } = true;

    /// <summary>When the rule is applied.</summary>
    /// <value>The default value is <see cref="PlasticitySchedule.Periodic"/>.</value>
    public PlasticitySchedule Schedule { get; set; } = PlasticitySchedule.Periodic;

    /// <summary>Steps between applications with <see cref="PlasticitySchedule.Periodic"/>; at least 1.</summary>
    /// <value>The default value is 10.</value>
    public int Interval { get; set; } = 10;

    /// <summary>Steps each pattern (row of the training data) is presented for; at least 1.</summary>
    /// <value>The default value is 50.</value>
    public int StepsPerPattern { get; set; } = 50;

    /// <summary>Passes over the training data per <c>Train</c> call; at least 1.</summary>
    /// <value>The default value is 1.</value>
    public int Epochs { get; set; } = 1;

    /// <summary>
    /// Selective learning: an application whose fraction of active neurons is below this is skipped (counted in
    /// <see cref="PlasticitySnapshot.SkippedApplications"/>); in [0, 1], 0 to always learn.
    /// </summary>
    /// <value>The default value is 0.</value>
    public float MinimumActiveFraction { get; set; }

    /// <summary>Homeostatic scaling; null for none.</summary>
    /// <value>The default value is null.</value>
    public HomeostasisOptions? Homeostasis { get; set; }

    /// <summary>Selective plasticity (eligibility traces gating each synapse's changes); null for none.</summary>
    /// <value>The default value is null.</value>
    public SelectivePlasticityOptions? Selective { get; set; }

    /// <summary>BCM metaplasticity; null for none.</summary>
    /// <value>The default value is null.</value>
    public MetaplasticityOptions? Metaplasticity { get; set; }

    /// <summary>
    /// Whether the trainer counts, for every synapse, the applications of the rule at which both its neurons were active
    /// (<see cref="PlasticityTrainer.Coactivations"/>: the co-activation a weight change can be correlated with); N × N
    /// more floats, checkpointed and rolled back with W.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool TrackCoactivations { get; set; }

    /// <summary>
    /// Whether the rule also trains the network's feed-forward input weights W_in
    /// (<see cref="Canns.Models.RecurrentSpikingOptions.InputCount"/> &gt; 0): at each application, row i of W_in gets the same bounded
    /// LTP/LTD update (learning rate, LTD ratio, reward, decay, bounds) with the input channels as the presynaptic side,
    /// a channel counting as active when its input was above <see cref="InputActivityThreshold"/> at some step since the
    /// last application. Homeostatic scaling covers W_in too (unless <see cref="HomeostasisOptions.ScaleInputWeights"/> is
    /// false), and so does BCM metaplasticity (<see cref="Metaplasticity"/>: neuron i's row gets the same gain as its row
    /// of W, times each channel's running activity rate, kept with the network's rate time constant); the built-in
    /// selective plasticity, the co-activation counts and the LTP/LTD counts of <see cref="PlasticitySnapshot"/> stay with
    /// the recurrent W.
    /// </summary>
    /// <value>The default value is false (W_in stays as it is).</value>
    public bool TrainInputWeights { get; set; }

    /// <summary>
    /// The input above which a channel counts as active for <see cref="TrainInputWeights"/>: input channels carry
    /// activity, 1 for an active channel and 0 for a silent one, so small noise on a silent channel does not make it
    /// active. Finite.
    /// </summary>
    /// <value>The default value is 0.5.</value>
    public float InputActivityThreshold { get; set; } = 0.5f;

    /// <summary>Steps between two <see cref="PlasticityTrainer.Monitor"/> snapshots; 0 for one at the end of each epoch only.</summary>
    /// <value>The default value is 0.</value>
    public int MonitorInterval { get; set; }

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!float.IsFinite(LearningRate) || LearningRate < 0) errors.Add($"LearningRate ({LearningRate}) must be finite and ≥ 0.");
        if (!(WeightDecay >= 0 && WeightDecay <= 1)) errors.Add($"WeightDecay ({WeightDecay}) must be in [0, 1].");
        if (!float.IsFinite(LtdRatio) || LtdRatio < 0) errors.Add($"LtdRatio ({LtdRatio}) must be finite and ≥ 0.");
        if (!float.IsFinite(MinWeight) || !float.IsFinite(MaxWeight) || MinWeight > MaxWeight)
        {
            errors.Add($"MinWeight ({MinWeight}) and MaxWeight ({MaxWeight}) must be finite with MinWeight ≤ MaxWeight.");
        }
        else if (SoftBounds && !float.IsFinite(MaxWeight - MinWeight))
        {
            // The soft rule multiplies by w_max − w and w − w_min: an infinite difference times a zero term is NaN.
            errors.Add($"MaxWeight − MinWeight ({MaxWeight} − {MinWeight}) overflows float32; soft bounds need a finite range (the rule multiplies by w_max − w and w − w_min).");
        }
        if (!Enum.IsDefined(Schedule)) errors.Add($"Schedule ({Schedule}) is not a defined schedule.");
        if (Interval < 1) errors.Add($"Interval ({Interval}) must be at least 1.");
        if (StepsPerPattern < 1) errors.Add($"StepsPerPattern ({StepsPerPattern}) must be at least 1.");
        if (Epochs < 1) errors.Add($"Epochs ({Epochs}) must be at least 1.");
        if (!(MinimumActiveFraction >= 0 && MinimumActiveFraction <= 1)) errors.Add($"MinimumActiveFraction ({MinimumActiveFraction}) must be in [0, 1].");
        if (!float.IsFinite(InputActivityThreshold)) errors.Add($"InputActivityThreshold ({InputActivityThreshold}) must be finite.");
        if (MonitorInterval < 0) errors.Add($"MonitorInterval ({MonitorInterval}) must be ≥ 0.");
        Homeostasis?.Validate(errors);
        Metaplasticity?.Validate(errors);
        Selective?.Validate(errors);
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(PlasticityOptions), string.Join(" ", errors));
    }

    /// <summary>
    /// True when both are null, or every option is equal, the nested options' too (floats by <c>Equals</c>: NaN equals NaN,
    /// 0 equals −0, as records compare them): the value comparison results use for the options they hold.
    /// </summary>
    internal static bool Same(PlasticityOptions? a, PlasticityOptions? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.Values().SequenceEqual(b.Values()));

    /// <summary>A hash code of every option, consistent with <see cref="Same"/>; 0 for null.</summary>
    internal static int Hash(PlasticityOptions? options)
    {
        if (options is null) return 0;
        var hash = new HashCode();
        foreach (object? value in options.Values()) hash.Add(value);
        return hash.ToHashCode();
    }

    /// <summary>Every option's value in a fixed order, the nested options' after a marker of whether each is set.</summary>
    private object?[] Values() =>
    [
        LearningRate, WeightDecay, LtdRatio, MinWeight, MaxWeight, SoftBounds, Schedule, Interval, StepsPerPattern, Epochs,
        MinimumActiveFraction, TrackCoactivations, TrainInputWeights, InputActivityThreshold, MonitorInterval,
        Homeostasis is not null, Homeostasis?.TargetRateHz, Homeostasis?.InhibitoryTargetRateHz, Homeostasis?.UseRunningRates,
        Homeostasis?.Interval, Homeostasis?.ScalingRate, Homeostasis?.ScaleInputWeights,
        Selective is not null, Selective?.TraceDecay, Selective?.Protection, Selective?.WarmupApplications, Selective?.ThresholdPercentile,
        Metaplasticity is not null, Metaplasticity?.LearningRate, Metaplasticity?.ThresholdTimeConstant, Metaplasticity?.InitialThreshold,
        Metaplasticity?.TargetRateHz,
    ];

    internal PlasticityOptions Clone()
    {
        var copy = (PlasticityOptions)MemberwiseClone();
        copy.Homeostasis = Homeostasis?.Clone();
        copy.Metaplasticity = Metaplasticity?.Clone();
        copy.Selective = Selective?.Clone();
        return copy;
    }
}
