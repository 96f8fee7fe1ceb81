namespace Canns.Models;

/// <summary>Options of an <see cref="Int16HopfieldNetwork"/>.</summary>
public sealed class Int16HopfieldOptions
{
    /// <summary>Synchronous or asynchronous updates.</summary>
    /// <value>The default value is <see cref="Models.UpdateMode.Asynchronous"/>, the mode whose energy never increases.</value>
    public UpdateMode UpdateMode { get; set; } = UpdateMode.Asynchronous;

    /// <summary>The threshold θ; must be finite.</summary>
    /// <value>The default value is 0.</value>
    public float Threshold { get; set; }

    /// <summary>The seed of the random update order used by <see cref="Int16HopfieldNetwork.Step()"/>.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(UpdateMode)) errors.Add($"UpdateMode ({UpdateMode}) is not a defined update mode.");
        if (!float.IsFinite(Threshold)) errors.Add($"Threshold ({Threshold}) must be finite.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(Int16HopfieldOptions), string.Join(" ", errors));
    }
}
