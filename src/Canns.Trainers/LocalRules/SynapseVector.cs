namespace Canns.Trainers;

/// <summary>
/// <c>TVector.Count</c> consecutive synapses j … j + Count − 1 of one postsynaptic neuron i, for the vectorised overload
/// of <see cref="ILocalRule"/>: the presynaptic quantities vary per lane, the postsynaptic ones are broadcast.
/// </summary>
/// <typeparam name="TVector"><see cref="FloatVector512"/>, <see cref="FloatVector256"/> or <see cref="FloatVector128"/>, as the driver chose.</typeparam>
/// <param name="Pre">x_j per lane.</param>
/// <param name="Post">y_i in every lane.</param>
/// <param name="W">w_ij per lane.</param>
/// <param name="PreTrace">x̄_j per lane.</param>
/// <param name="PostTrace">ȳ_i in every lane.</param>
/// <param name="Theta">θ_i in every lane.</param>
/// <param name="Modulator">m in every lane.</param>
public readonly record struct SynapseVector<TVector>(
    TVector Pre, TVector Post, TVector W, TVector PreTrace, TVector PostTrace, TVector Theta, TVector Modulator)
    where TVector : struct, IFloatVector<TVector>;
