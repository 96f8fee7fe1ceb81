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

    /// <summary>
    /// Whether results carry the energy of the final state (<see cref="RecallResult.Energy"/>). False leaves it NaN and
    /// skips the work it costs: on the compiled sign-recall paths, one fresh product <c>W·s</c> for every probe whose
    /// kept field is not fresh at the end (in a capacity study, about a third of all the products). States, iteration
    /// counts, convergence and the energy trace are the same either way.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool FinalEnergy { get; set; } = true;

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
