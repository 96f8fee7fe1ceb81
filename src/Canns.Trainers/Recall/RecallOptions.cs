namespace Canns.Trainers;

/// <summary>How a Hopfield-family trainer runs recall dynamics in <c>Predict</c> and <c>PredictBatch</c>.</summary>
public sealed class RecallOptions
{
    /// <summary>The most steps (sweeps) the dynamics may take; at least 1.</summary>
    /// <value>The default value is 20.</value>
    public int MaxIterations { get; set; } = 20;

    /// <summary>
    /// Smooth activations (and a ring attractor's rates) converge when the largest change of a unit in one step is
    /// below this; sign activations (and ±1 models) converge when no unit changes. Must be finite and ≥ 0.
    /// </summary>
    /// <value>The default value is 1e-6.</value>
    public double Tolerance { get; set; } = 1e-6;

    /// <summary>Whether results carry the energy after every step.</summary>
    /// <value>The default value is false.</value>
    public bool RecordEnergyTrace { get; set; }

    /// <summary>The seed of the asynchronous update order; every probe starts from the same seed, so a batch reproduces single recalls.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Checks every option, listing all problems in one exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (MaxIterations < 1) errors.Add($"MaxIterations ({MaxIterations}) must be at least 1.");
        if (!double.IsFinite(Tolerance) || Tolerance < 0) errors.Add($"Tolerance ({Tolerance}) must be finite and ≥ 0.");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(RecallOptions), string.Join(" ", errors));
    }

    internal RecallOptions Clone() => (RecallOptions)MemberwiseClone();
}
