using Canns.Numerics;

namespace Canns.Models;

/// <summary>
/// A linear feedforward layer: <c>y = W x</c> with W of shape (outputs, inputs), and optionally a per-output
/// sliding threshold θ (the BCM rule's running mean of y², <c>θ ← θ + (y² − θ)/τ</c>).
/// </summary>
/// <remarks>
/// The initial weights are uniform in [−s, s] (s = <see cref="LinearLayerOptions.InitialWeightScale"/>, by default
/// 1/√inputs) drawn from the injected <see cref="Random"/>, else from <c>new Random(</c><see cref="LinearLayerOptions.Seed"/><c>)</c>
/// (default 0): layers of the same shape, options and seed start alike. The layer is not thread-safe for writes; reading
/// (<see cref="Forward"/>) from several threads is safe while nobody trains.
/// </remarks>
public sealed class LinearLayer : ISlidingThresholdModel
{
    /// <summary>The seed the options gave (<see cref="LinearLayerOptions.Seed"/>); the initial weights were drawn from it unless a <see cref="Random"/> was passed to the constructor.</summary>
    public int Seed { get; }

    private readonly ParamState _weights;
    private readonly ParamState? _theta;

    /// <summary>Creates a layer of <paramref name="inputs"/> inputs and <paramref name="outputs"/> outputs.</summary>
    /// <param name="inputs">Number of inputs, at least 1.</param>
    /// <param name="outputs">Number of outputs, at least 1.</param>
    /// <param name="options">The options, validated here; null for the defaults.</param>
    /// <param name="random">The source of the initial weights; null for <c>new Random(options.Seed)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is &lt; 1, outputs × inputs cannot be allocated, or an option is out of range.</exception>
    public LinearLayer(int inputs, int outputs, LinearLayerOptions? options = null, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        options ??= new LinearLayerOptions();
        options.Validate();
        _weights = new ParamState("W", outputs, inputs);
        Seed = options.Seed;
        random ??= new Random(options.Seed);
        float scale = options.InitialWeightScale ?? 1f / MathF.Sqrt(inputs);
        foreach (ref float w in _weights.AsSpan()) w = (float)((random.NextDouble() * 2 - 1) * scale);
        ThresholdTimeConstant = options.ThresholdTimeConstant;
        if (options.SlidingThreshold)
        {
            _theta = new ParamState("theta", outputs);
            Parameters = [_weights, _theta];
        }
        else
        {
            Parameters = [_weights];
        }
    }

    /// <inheritdoc />
    public int Inputs => _weights.Columns;

    /// <inheritdoc />
    public int Outputs => _weights.Rows;

    /// <inheritdoc />
    public string WeightParameterName => _weights.Name;

    /// <inheritdoc />
    public ParamState W => _weights;

    /// <inheritdoc />
    public ParamState? Theta => _theta;

    /// <inheritdoc />
    public float ThresholdTimeConstant { get; }

    /// <inheritdoc />
    public IReadOnlyList<ParamState> Parameters { get; }

    /// <inheritdoc />
    public ParamState GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var p in Parameters)
        {
            if (p.Name == name) return p;
        }
        throw new KeyNotFoundException($"LinearLayer has no parameter '{name}'; it has: {string.Join(", ", Parameters.Select(p => p.Name))}.");
    }

    /// <summary>Computes <c>y_i = Σ_j W_ij x_j</c>.</summary>
    /// <exception cref="ArgumentException">A length differs from <see cref="Inputs"/> or <see cref="Outputs"/>.</exception>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        Guard.ThrowIfLengthMismatch(input.Length, Inputs, nameof(input), "inputs");
        Guard.ThrowIfLengthMismatch(output.Length, Outputs, nameof(output), "outputs");
        Blas.Gemv(_weights.AsReadOnlySpan(), Outputs, input, output);
    }

    /// <summary>Sets the sliding threshold back to 0 (weights are left alone).</summary>
    public void ResetThreshold() => _theta?.AsSpan().Clear();
}
