using Canns.Models;

namespace Canns.Trainers;

/// <summary>One stage of curriculum learning: inputs presented for a number of epochs, optionally with rewards.</summary>
/// <remarks>
/// A stage refers to the caller's data (<see cref="Inputs"/> and <see cref="Rewards"/> are not copied; the trainer reads
/// them during <see cref="PlasticityTrainer.TrainCurriculum"/>), so it is a class with reference equality rather than a
/// record: comparing stages by the contents of their possibly large inputs would be neither cheap nor expected.
/// </remarks>
/// <param name="name">A name for reports.</param>
/// <param name="inputs">The inputs, one pattern per row (an input current per neuron, or with input weights an activity per input channel).</param>
/// <param name="epochs">Passes over the inputs; at least 1.</param>
/// <param name="rewards">One reward per row scaling the rule (the modulator m); null for 1.</param>
public sealed class CurriculumStage(string name, Matrix inputs, int epochs = 1, float[]? rewards = null)
{
    /// <summary>A name for reports.</summary>
    public string Name { get; } = name;

    /// <summary>The inputs, one pattern per row (an input current per neuron, or with input weights an activity per input channel).</summary>
    public Matrix Inputs { get; } = inputs;

    /// <summary>Passes over the inputs; at least 1 (checked by the trainer).</summary>
    /// <value>The default value is 1.</value>
    public int Epochs { get; } = epochs;

    /// <summary>One reward per row scaling the rule (the modulator m); null for 1.</summary>
    /// <value>The default value is null.</value>
    public float[]? Rewards { get; } = rewards;

    /// <inheritdoc />
    public override string ToString() => $"CurriculumStage '{Name}': {Inputs?.Rows ?? 0} inputs × {Epochs} epochs{(Rewards is null ? "" : ", rewarded")}";
}
