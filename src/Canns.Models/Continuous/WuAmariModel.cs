using System.Numerics.Tensors;
using Canns.Numerics;

namespace Canns.Models;

/// <summary>
/// What the Wu–Amari ring (<see cref="WuAmariNetwork"/>) and torus (<see cref="WuAmariTorusNetwork"/>) share: N units with
/// synaptic inputs u, rates <c>r = [u]₊² / (1 + k Σ_j [u_j]₊²)</c> (global divisive inhibition), couplings W set by the
/// geometry, an external input I, and <c>τ du/dt = −u + W r + I</c> stepped by Euler. The divisive normalisation gives
/// the model no known Lyapunov function, so it is not an <see cref="IEnergyModel"/>.
/// </summary>
/// <remarks>Not thread-safe: lock <see cref="SyncRoot"/>. A new network is silent (u = 0) with zero input.</remarks>
public abstract class WuAmariModel : IHasWeights, IStateful, IDynamicModel
{
    private readonly ParamState _weights;
    private readonly ParamState _input;
    private readonly ParamState _u;
    private readonly float[] _rates;
    private readonly float[] _field;

    /// <summary>Validates the options, then allocates N units with W = 0 for the geometry to fill.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="neurons"/> &lt; 1 or an option is out of range.</exception>
    private protected WuAmariModel(int neurons, WuAmariOptions? options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        options ??= new WuAmariOptions();
        options.Validate();
        (TimeConstant, TimeStep, Inhibition, Width, Coupling) = (options.TimeConstant, options.TimeStep, options.Inhibition, options.Width, options.Coupling);
        _weights = new ParamState("W", neurons, neurons);
        _input = new ParamState("I", neurons);
        _u = new ParamState("u", neurons);
        _rates = new float[neurons];
        _field = new float[neurons];
        Parameters = [_weights, _input];
    }

    /// <inheritdoc />
    public int Size => _rates.Length;

    /// <summary>τ.</summary>
    public float TimeConstant { get; }

    /// <summary>Δt.</summary>
    public float TimeStep { get; }

    /// <summary>k.</summary>
    public float Inhibition { get; }

    /// <summary>a.</summary>
    public float Width { get; }

    /// <summary>J0.</summary>
    public float Coupling { get; }

    /// <inheritdoc />
    public string WeightParameterName => _weights.Name;

    /// <inheritdoc />
    public ParamState W => _weights;

    /// <summary>The external input I (named <c>"I"</c>), in the order of the units.</summary>
    public ParamState Input => _input;

    /// <inheritdoc />
    public IReadOnlyList<ParamState> Parameters { get; }

    /// <summary>An object to lock while stepping or writing the network.</summary>
    public object SyncRoot { get; } = new();

    /// <summary>The synaptic inputs u (the state).</summary>
    public ReadOnlySpan<float> State => _u.AsReadOnlySpan();

    /// <summary>The rates r of the current state.</summary>
    public ReadOnlySpan<float> Rates
    {
        get
        {
            ComputeRates(_u.AsReadOnlySpan(), _rates);
            return _rates;
        }
    }

    /// <inheritdoc />
    public ParamState GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == _weights.Name) return _weights;
        if (name == _input.Name) return _input;
        throw new KeyNotFoundException($"{GetType().Name} has no parameter '{name}'; it has: {_weights.Name}, {_input.Name}.");
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The length differs from <see cref="Size"/> or a value is NaN or ∞; the state is unchanged.</exception>
    public void SetState(ReadOnlySpan<float> pattern)
    {
        Guard.ThrowIfLengthMismatch(pattern.Length, Size, nameof(pattern));
        Guard.ThrowIfNotFinite(pattern, nameof(pattern));
        _u.CopyFrom(pattern);
    }

    /// <summary>Sets the external input.</summary>
    /// <exception cref="ArgumentException">The length differs from <see cref="Size"/> or a value is NaN or ∞; the input is unchanged.</exception>
    public void SetInput(ReadOnlySpan<float> input)
    {
        Guard.ThrowIfLengthMismatch(input.Length, Size, nameof(input));
        Guard.ThrowIfNotFinite(input, nameof(input));
        _input.CopyFrom(input);
    }

    /// <summary>One Euler step: <c>u ← u + (Δt/τ)(−u + W r + I)</c> with r of the current u.</summary>
    public void Step()
    {
        var u = _u.AsSpan();
        ComputeRates(u, _rates);
        Blas.Gemv(_weights.AsReadOnlySpan(), u.Length, _rates, _field);
        TensorPrimitives.Add(_field, _input.AsReadOnlySpan(), _field);
        TensorPrimitives.Subtract(_field, u, _field);
        TensorPrimitives.MultiplyAdd(_field, TimeStep / TimeConstant, u, u);
    }

    /// <inheritdoc />
    /// <remarks>The dynamics are deterministic: this is <see cref="Step()"/> and draws nothing from <paramref name="random"/>.</remarks>
    public void Step(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Step();
    }

    /// <summary>Runs <paramref name="steps"/> steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the steps taken so far stay.</exception>
    public void Run(int steps, CancellationToken cancellationToken = default) => RingGeometry.Run(steps, Step, cancellationToken);

    /// <summary>Sets every input <c>I_i = A exp(−d_i²/(4a²))</c>, d_i² the squared distance from unit i to the cue (the geometry's).</summary>
    private protected void SetCue(float amplitude, Func<int, double> squaredDistance)
    {
        Guard.ThrowIfNotFinite(amplitude, nameof(amplitude));
        var input = _input.AsSpan();
        double a = Width;
        for (int i = 0; i < input.Length; i++) input[i] = (float)(amplitude * Math.Exp(-squaredDistance(i) / (4 * a * a)));
    }

    /// <summary>Refuses options whose largest coupling (the geometry's peak, at distance 0) is beyond the float32 range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="peak"/> exceeds <see cref="float.MaxValue"/>.</exception>
    private protected void ThrowIfCouplingOverflows(double peak)
    {
        if (!(peak <= float.MaxValue))
        {
            throw new ArgumentOutOfRangeException("options",
                $"Coupling J0 ({Coupling}) and Width a ({Width}) give a peak coupling of {peak:G4}, beyond the float32 range: lower J0 or widen a.");
        }
    }

    /// <summary><c>r = [u]₊² / (1 + k Σ_j [u_j]₊²)</c>.</summary>
    private void ComputeRates(ReadOnlySpan<float> u, Span<float> r)
    {
        TensorPrimitives.Max(u, 0f, r);
        TensorPrimitives.Multiply(r, r, r);
        float total = TensorPrimitives.Sum(r);
        float denominator = 1f + Inhibition * total;
        if (float.IsFinite(denominator))
        {
            TensorPrimitives.Divide(r, denominator, r);
            return;
        }
        // A large (finite) u overflows u² or the sum in float32, although every rate stays below 1/k: ∞/∞ gave NaN rates
        // (and a NaN state after the next step). The same quotient in double, where u² of any float32 and their sum fit.
        double sum = 0;
        foreach (float v in u)
        {
            double positive = Math.Max(v, 0.0);
            sum += positive * positive;
        }
        double scale = 1 + (double)Inhibition * sum;
        for (int i = 0; i < u.Length; i++)
        {
            double positive = Math.Max(u[i], 0.0);
            r[i] = (float)(positive * positive / scale);
        }
    }
}
