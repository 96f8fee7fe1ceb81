namespace Canns.Trainers;

/// <summary>
/// Homeostatic synaptic scaling: every <see cref="Interval"/> steps each neuron's incoming synapses are multiplied by
/// <c>exp(γ (ν_target − ν_i)/ν_target)</c>, with ν_i its rate over those steps, then clipped to the bounds.
/// </summary>
/// <remarks>
/// The exponential keeps the factor positive however far above the target a neuron fires (a linear factor
/// <c>1 + γ(…)</c> would reach 0 and silence the neuron's synapses for good) and is <c>1 + γ(…)</c> to first order.
/// Large γ with a steep rate response makes the rates swing around the target; the time-averaged rate converges.
/// </remarks>
public sealed class HomeostasisOptions
{
    /// <summary>The target rate in Hz; finite and &gt; 0.</summary>
    /// <value>The default value is 5.</value>
    public float TargetRateHz { get; set; } = 5f;

    /// <summary>
    /// The target rate of the inhibitory neurons (<see cref="Canns.Models.RecurrentSpikingOptions.InhibitoryFraction"/>), in Hz,
    /// when it differs from the excitatory one (interneurons fire faster); finite and &gt; 0, or null for one target.
    /// </summary>
    /// <value>The default value is null: <see cref="TargetRateHz"/> for every neuron.</value>
    public float? InhibitoryTargetRateHz { get; set; }

    /// <summary>
    /// Whether each scaling reads the network's running rate estimate (an exponential average over
    /// <see cref="Canns.Models.RecurrentSpikingOptions.RateTimeConstant"/> steps) instead of the spikes counted since the
    /// last scaling: the window the rates are measured over is then set by that time constant, apart from the interval
    /// between scalings (measure over 1,000 steps, scale every 100).
    /// </summary>
    /// <value>The default value is false: the count since the last scaling.</value>
    public bool UseRunningRates { get; set; }

    /// <summary>
    /// Steps between two scalings (the window the rates are counted over); 1 to <see cref="MaxInterval"/>, so each
    /// neuron's spike count over a window is a whole number a checkpoint's float32 holds exactly.
    /// </summary>
    /// <value>The default value is 100.</value>
    public int Interval { get; set; } = 100;

    /// <summary>The longest <see cref="Interval"/>: 2²⁴ steps, the whole numbers float32 holds exactly.</summary>
    public const int MaxInterval = 1 << 24;

    /// <summary>γ, the scaling rate; finite and ≥ 0.</summary>
    /// <value>The default value is 0.01.</value>
    public float ScalingRate { get; set; } = 0.01f;

    /// <summary>
    /// Whether scaling also multiplies each neuron's feed-forward input weights (its row of W_in) when the trainer trains
    /// them (<see cref="PlasticityOptions.TrainInputWeights"/>): they are incoming synapses too, and scaling only the
    /// recurrent ones would shift the balance between input and recurrence. Input weights the trainer does not train
    /// stay as they are either way.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool ScaleInputWeights { get; set; } = true;

    /// <summary>
    /// Checks every option on its own (as <see cref="PlasticityOptions.Validate"/> checks it when nested), so a set can
    /// be checked before it is attached.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message lists every problem.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        Validate(errors);
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(HomeostasisOptions), string.Join(" ", errors));
    }

    internal void Validate(List<string> errors)
    {
        if (!float.IsFinite(TargetRateHz) || TargetRateHz <= 0) errors.Add($"Homeostasis.TargetRateHz ({TargetRateHz}) must be finite and > 0.");
        if (InhibitoryTargetRateHz is { } inhibitory && !(float.IsFinite(inhibitory) && inhibitory > 0))
        {
            errors.Add($"Homeostasis.InhibitoryTargetRateHz ({inhibitory}) must be finite and > 0, or null for one target.");
        }
        if (Interval is < 1 or > MaxInterval) errors.Add($"Homeostasis.Interval ({Interval}) must be in [1, {MaxInterval}] (2²⁴, so a window's spike counts are exact in a checkpoint).");
        if (!float.IsFinite(ScalingRate) || ScalingRate < 0) errors.Add($"Homeostasis.ScalingRate ({ScalingRate}) must be finite and ≥ 0.");
    }

    internal HomeostasisOptions Clone() => (HomeostasisOptions)MemberwiseClone();
}
