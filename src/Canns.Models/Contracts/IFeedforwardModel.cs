namespace Canns.Models;

/// <summary>
/// A feedforward layer: inputs x map to outputs y through the weights W of shape (outputs, inputs). What
/// local-rule trainers (Oja, Sanger, BCM, user rules) need: presynaptic activity x, postsynaptic activity y and W.
/// </summary>
public interface IFeedforwardModel : IHasWeights
{
    /// <summary>Number of inputs (columns of W).</summary>
    int Inputs { get; }

    /// <summary>Number of outputs (rows of W).</summary>
    int Outputs { get; }

    /// <summary>Computes the outputs for <paramref name="input"/> into <paramref name="output"/>, without changing any state.</summary>
    /// <exception cref="ArgumentException">A length differs from <see cref="Inputs"/> or <see cref="Outputs"/>.</exception>
    void Forward(ReadOnlySpan<float> input, Span<float> output);
}
