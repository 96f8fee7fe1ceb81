namespace Canns.Trainers;

/// <summary>
/// The plasticity toolkit's rule for one synapse, for your own loops: the same arithmetic <see cref="PlasticityTrainer"/>
/// applies to every synapse of its network (without BCM and selective plasticity, which need the network's state).
/// </summary>
public static class PlasticityRules
{
    /// <summary>
    /// One application of the bounded Hebbian rule with decay: <c>w ← clip((w + P (w_max − w) s_LTP − D (w − w_min) s_LTD)(1 − δ))</c>
    /// with soft bounds (<c>w ± P</c>, <c>w − D</c> with hard ones), s_LTP = 1 when both neurons were active, s_LTD = 1
    /// when exactly one was, P = η·m and D = η·m·(LTD ratio).
    /// </summary>
    /// <param name="weight">The synapse's weight; finite.</param>
    /// <param name="preActive">Whether the presynaptic neuron was active.</param>
    /// <param name="postActive">Whether the postsynaptic neuron was active.</param>
    /// <param name="options">η, the LTD ratio, δ, the bounds and their kind.</param>
    /// <param name="reward">m, the reward that scales the rule (0: decay only; negative: reversed); finite.</param>
    /// <returns>The new weight.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The weight or the reward is not finite, or an option is out of range.</exception>
    public static float Update(float weight, bool preActive, bool postActive, PlasticityOptions options, float reward = 1f)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!float.IsFinite(weight)) throw new ArgumentOutOfRangeException(nameof(weight), weight, "The weight must be finite.");
        if (!float.IsFinite(reward)) throw new ArgumentOutOfRangeException(nameof(reward), reward, "The reward must be finite.");
        options.Validate();
        Span<float> w = [weight];
        PlasticityKernel.UpdateRow(w, [1f], [preActive ? 1f : 0f], postActive ? 1f : 0f, PlasticityKernel.Rule.For(options, reward), 0f, default, vectorized: false);
        return w[0];
    }

    /// <summary>The decay alone (neither neuron active): <c>w ← clip(w (1 − δ))</c>.</summary>
    /// <inheritdoc cref="Update" path="/exception"/>
    public static float Decay(float weight, PlasticityOptions options) => Update(weight, preActive: false, postActive: false, options);
}
