namespace Canns.Trainers;

/// <summary>
/// The local quantities one synapse j → i sees: what a <see cref="ILocalRule"/> or a rule expression turns into
/// the weight change <c>ΔW_ij = f(Pre, Post, W, PreTrace, PostTrace, Theta, Modulator)</c>.
/// </summary>
/// <param name="Pre">Presynaptic activity x_j (the pattern's entry j, or input j of a layer).</param>
/// <param name="Post">Postsynaptic activity y_i (the pattern's entry i, or output i = (W x)_i of a layer).</param>
/// <param name="W">The current weight w_ij (its value before this training call for recurrent batches).</param>
/// <param name="PreTrace">The presynaptic trace x̄_j ← d·x̄_j + x_j, updated before the rule sees the sample.</param>
/// <param name="PostTrace">The postsynaptic trace ȳ_i ← d·ȳ_i + y_i, updated before the rule sees the sample.</param>
/// <param name="Theta">The postsynaptic neuron's threshold θ_i.</param>
/// <param name="Modulator">The global third factor m (reward, dopamine-like), shared by every synapse.</param>
public readonly record struct Synapse(float Pre, float Post, float W, float PreTrace, float PostTrace, float Theta, float Modulator);
