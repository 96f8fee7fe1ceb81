using Canns.Models;

namespace Canns.Trainers;

/// <summary>One stage of curriculum learning: inputs presented for a number of epochs, optionally with rewards.</summary>
/// <param name="Name">A name for reports.</param>
/// <param name="Inputs">The inputs, one pattern per row (an input current per neuron, or with input weights an activity per input channel).</param>
/// <param name="Epochs">Passes over the inputs; at least 1.</param>
/// <param name="Rewards">One reward per row scaling the rule (the modulator m); null for 1.</param>
public sealed record CurriculumStage(string Name, Matrix Inputs, int Epochs = 1, float[]? Rewards = null);
