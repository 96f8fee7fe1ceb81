namespace Canns.Trainers;

/// <summary>
/// A local learning rule written as a struct: <c>ΔW_ij = Delta(synapse)</c> from the synapse's local quantities
/// only. Static abstract members, so the trainer's generic driver is specialised per rule and the JIT inlines
/// <see cref="Delta(in Synapse)"/> into the loop; no reflection and no dynamic code (NativeAOT-safe).
/// </summary>
/// <remarks>
/// <para>Implement the scalar <see cref="Delta(in Synapse)"/>. To run many synapses per instruction, also return true
/// from <see cref="IsVectorized"/> and implement the generic <see cref="Delta{TVector}(in SynapseVector{TVector})"/>
/// once: the driver instantiates it with <see cref="FloatVector512"/> (16 lanes) where the hardware accelerates 512-bit
/// vectors, else <see cref="FloatVector256"/> (8), else <see cref="FloatVector128"/> (4), and runs the columns left
/// over by the scalar overload. It must compute, lane by lane, exactly what the scalar overload computes (the compiled
/// path uses it, the step path the scalar one, and the two paths are promised to agree); the operations of
/// <see cref="IFloatVector{TSelf}"/> are the scalar ones lane by lane, so the same formula written on them does.</para>
/// <para>Example, Hebbian with decay:
/// <code>
/// public static float Delta(in Synapse s) =&gt; s.Post * s.Pre - 0.01f * s.W;
/// public static TVector Delta&lt;TVector&gt;(in SynapseVector&lt;TVector&gt; s) where TVector : struct, IFloatVector&lt;TVector&gt; =&gt;
///     s.Post * s.Pre - 0.01f * s.W;
/// </code></para>
/// </remarks>
public interface ILocalRule
{
    /// <summary>The weight change of one synapse, <c>f(x_j, y_i, w_ij, x̄_j, ȳ_i, θ_i, m)</c>.</summary>
    /// <param name="synapse">The synapse's local quantities.</param>
    static abstract float Delta(in Synapse synapse);

    /// <summary>True when <see cref="Delta{TVector}(in SynapseVector{TVector})"/> is implemented.</summary>
    /// <value>The default value is false.</value>
    static virtual bool IsVectorized => false;

    /// <summary>
    /// The weight changes of <c>TVector.Count</c> consecutive synapses of one postsynaptic neuron, lane by lane as
    /// <see cref="Delta(in Synapse)"/>.
    /// </summary>
    /// <typeparam name="TVector">The vector the driver chose: <see cref="FloatVector512"/>, <see cref="FloatVector256"/> or <see cref="FloatVector128"/>.</typeparam>
    /// <param name="synapses">The synapses' local quantities, one synapse a lane.</param>
    /// <exception cref="NotSupportedException">The rule did not implement it (<see cref="IsVectorized"/> is false).</exception>
    static virtual TVector Delta<TVector>(in SynapseVector<TVector> synapses)
        where TVector : struct, IFloatVector<TVector> =>
        throw new NotSupportedException("This rule has no vectorised overload; set IsVectorized to true only when it implements Delta<TVector>(in SynapseVector<TVector>).");
}
