namespace Canns.Models;

/// <summary>Options of an <see cref="AmariHopfieldNetwork"/>.</summary>
public sealed class AmariHopfieldOptions
{
    /// <summary>The activation function.</summary>
    /// <value>The default value is <see cref="Models.Activation.Sign"/>.</value>
    public Activation Activation { get; set; } = Activation.Sign;

    /// <summary>Synchronous or asynchronous updates.</summary>
    /// <value>
    /// The default value is <see cref="Models.UpdateMode.Asynchronous"/>, the mode whose energy never increases for
    /// <see cref="Models.Activation.Sign"/> when W is symmetric with a diagonal ≥ 0 (as the storage rules leave it, except
    /// <c>AntiHebbianTrainer</c> with <c>ZeroDiagonal = false</c>, whose diagonal is ≤ 0). The energy is not a Lyapunov
    /// function of the tanh and sigmoid updates, under which it may rise.
    /// </value>
    public UpdateMode UpdateMode { get; set; } = UpdateMode.Asynchronous;

    /// <summary>The threshold θ; must be finite.</summary>
    /// <value>The default value is 0.</value>
    public float Threshold { get; set; }

    /// <summary>The temperature T of the tanh and sigmoid activations; must be finite and &gt; 0.</summary>
    /// <value>The default value is 1.</value>
    public float Temperature { get; set; } = 1f;

    /// <summary>The seed of the random update order used by <see cref="AmariHopfieldNetwork.Step()"/>.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Activation)) errors.Add($"Activation ({Activation}) is not a defined activation.");
        if (!Enum.IsDefined(UpdateMode)) errors.Add($"UpdateMode ({UpdateMode}) is not a defined update mode.");
        if (!float.IsFinite(Threshold)) errors.Add($"Threshold ({Threshold}) must be finite.");
        if (!float.IsFinite(Temperature) || Temperature <= 0) errors.Add($"Temperature ({Temperature}) must be finite and > 0.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(AmariHopfieldOptions), string.Join(" ", errors));
    }
}
