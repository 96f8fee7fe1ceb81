namespace Canns.Models;

/// <summary>Options of a <see cref="DenseAssociativeMemory"/>.</summary>
public sealed class DenseAssociativeMemoryOptions
{
    /// <summary>The interaction function F.</summary>
    /// <value>The default value is <see cref="DenseInteraction.Polynomial"/>.</value>
    public DenseInteraction Interaction { get; set; } = DenseInteraction.Polynomial;

    /// <summary>n of the polynomial interactions; 2 to 30.</summary>
    /// <value>The default value is 3.</value>
    public int Degree { get; set; } = 3;

    /// <summary>β of the exponential interaction; finite and &gt; 0.</summary>
    /// <value>The default value is 1.</value>
    public double Beta { get; set; } = 1;

    /// <summary>Synchronous or asynchronous updates.</summary>
    /// <value>The default value is <see cref="Models.UpdateMode.Asynchronous"/>, the mode whose energy never increases.</value>
    public UpdateMode UpdateMode { get; set; } = UpdateMode.Asynchronous;

    /// <summary>The seed of the random update order used by <see cref="DenseAssociativeMemory.Step()"/>.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Interaction)) errors.Add($"Interaction ({Interaction}) is not a defined interaction.");
        if (Degree is < 2 or > 30) errors.Add($"Degree ({Degree}) must be in [2, 30].");
        if (!double.IsFinite(Beta) || Beta <= 0) errors.Add($"Beta ({Beta}) must be finite and > 0.");
        if (!Enum.IsDefined(UpdateMode)) errors.Add($"UpdateMode ({UpdateMode}) is not a defined update mode.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(DenseAssociativeMemoryOptions), string.Join(" ", errors));
    }
}
