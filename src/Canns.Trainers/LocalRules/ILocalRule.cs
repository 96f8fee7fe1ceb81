using System.Runtime.Intrinsics;

namespace Canns.Trainers;

/// <summary>
/// A local learning rule written as a struct: <c>ΔW_ij = Delta(synapse)</c> from the synapse's local quantities
/// only. Static abstract members, so the trainer's generic driver is specialised per rule and the JIT inlines
/// <see cref="Delta(in Synapse)"/> into the loop; no reflection and no dynamic code (NativeAOT-safe).
/// </summary>
/// <remarks>
/// <para>Implement the scalar <see cref="Delta(in Synapse)"/>. To run eight synapses per instruction, also return
/// true from <see cref="IsVectorized"/> and implement <see cref="Delta(in SynapseVector)"/>; it must compute, lane by
/// lane, exactly what the scalar overload computes (the compiled path uses it, the step path the scalar one, and the
/// two paths are promised to agree).</para>
/// <para>Example, Hebbian with decay: <c>public static float Delta(in Synapse s) =&gt; s.Post * s.Pre - 0.01f * s.W;</c></para>
/// </remarks>
public interface ILocalRule
{
    /// <summary>The weight change of one synapse, <c>f(x_j, y_i, w_ij, x̄_j, ȳ_i, θ_i, m)</c>.</summary>
    static abstract float Delta(in Synapse synapse);

    /// <summary>True when <see cref="Delta(in SynapseVector)"/> is implemented.</summary>
    /// <value>The default value is false.</value>
    static virtual bool IsVectorized => false;

    /// <summary>The weight changes of eight synapses of one postsynaptic neuron, lane by lane as <see cref="Delta(in Synapse)"/>.</summary>
    /// <exception cref="NotSupportedException">The rule did not implement it (<see cref="IsVectorized"/> is false).</exception>
    static virtual Vector256<float> Delta(in SynapseVector synapses) =>
        throw new NotSupportedException("This rule has no vectorised overload; set IsVectorized to true only when it implements Delta(in SynapseVector).");
}
