using System.Runtime.Intrinsics;

namespace Canns.Trainers;

/// <summary>
/// Eight consecutive synapses j … j+7 of one postsynaptic neuron i, for the vectorised overload of
/// <see cref="ILocalRule"/>: the presynaptic quantities vary per lane, the postsynaptic ones are broadcast.
/// </summary>
/// <param name="Pre">x_j per lane.</param>
/// <param name="Post">y_i in every lane.</param>
/// <param name="W">w_ij per lane.</param>
/// <param name="PreTrace">x̄_j per lane.</param>
/// <param name="PostTrace">ȳ_i in every lane.</param>
/// <param name="Theta">θ_i in every lane.</param>
/// <param name="Modulator">m in every lane.</param>
public readonly record struct SynapseVector(
    Vector256<float> Pre, Vector256<float> Post, Vector256<float> W, Vector256<float> PreTrace,
    Vector256<float> PostTrace, Vector256<float> Theta, Vector256<float> Modulator);
