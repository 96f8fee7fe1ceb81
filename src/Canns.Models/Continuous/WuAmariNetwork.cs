using System.Numerics.Tensors;
using Canns.Numerics;

namespace Canns.Models;

/// <summary>
/// The continuous attractor neural network of Wu, Hamaguchi and Amari (2008), the CANN1D of the canns library: N units
/// on a ring (preferred angles <c>θ_i = −π + 2π i/N</c>) with synaptic inputs u, rates
/// <c>r = [u]₊² / (1 + k Σ_j [u_j]₊²)</c> (global divisive inhibition), Gaussian couplings
/// <c>W_ij = J0/(√(2π) a) exp(−d_ij²/(2a²))</c> and <c>τ du/dt = −u + W r + I</c>, stepped by Euler.
/// </summary>
/// <remarks>
/// <para>Its stationary bump, for k below <c>k_c = ρJ0²/(8√(2π) a)</c> with ρ = N/2π, is
/// <c>u = u0 exp(−(θ − z)²/(4a²))</c>, <c>r = r0 exp(−(θ − z)²/(2a²))</c> at any position z
/// (<c>Canns.Analysis.TheoreticalBump.WuAmari</c>). The divisive normalisation gives the model no known Lyapunov
/// function, so it is not an <see cref="IEnergyModel"/>; <see cref="RingAttractorNetwork"/> is the ring with an energy.</para>
/// <para>Not thread-safe: lock <see cref="SyncRoot"/>. A new network is silent (u = 0) with zero input.</para>
/// </remarks>
public sealed class WuAmariNetwork : IHasWeights, IStateful, IDynamicModel
{
    private readonly ParamState _weights;
    private readonly ParamState _input;
    private readonly ParamState _u;
    private readonly float[] _rates;
    private readonly float[] _field;
    private readonly RingGeometry _ring;

    /// <summary>Creates a network of <paramref name="neurons"/> units with the Gaussian couplings of the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="neurons"/> &lt; 1, N × N cannot be allocated, or an option is out of range.</exception>
    public WuAmariNetwork(int neurons, WuAmariOptions? options = null)
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
        _ring = new RingGeometry(neurons);
        double a = Width, scale = Coupling / (Math.Sqrt(2 * Math.PI) * a);
        _ring.FillCirculant(_weights.AsSpan(), d => scale * Math.Exp(-d * d / (2 * a * a)));
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

    /// <summary>ρ = N/2π, the density of units on the ring.</summary>
    public double Density => Size / (2 * Math.PI);

    /// <summary>k_c = ρJ0²/(8√(2π) a): above it no bump can hold itself up.</summary>
    public double CriticalInhibition => Density * Coupling * Coupling / (8 * Math.Sqrt(2 * Math.PI) * Width);

    /// <inheritdoc />
    public string WeightParameterName => _weights.Name;

    /// <inheritdoc />
    public ParamState W => _weights;

    /// <summary>The external input I (named <c>"I"</c>).</summary>
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
            WuAmariMath.Rates(_u.AsReadOnlySpan(), _rates, Inhibition);
            return _rates;
        }
    }

    /// <summary>The angle of the population vector of the rates, in (−π, π]; NaN when the network is silent.</summary>
    public double BumpPosition => _ring.Decode(Rates);

    /// <summary>The preferred angle of unit <paramref name="index"/>: <c>−π + 2π·index / N</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, N).</exception>
    public double PreferredAngle(int index) => _ring.PreferredAngle(index);

    /// <inheritdoc />
    public ParamState GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == _weights.Name) return _weights;
        if (name == _input.Name) return _input;
        throw new KeyNotFoundException($"WuAmariNetwork has no parameter '{name}'; it has: {_weights.Name}, {_input.Name}.");
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

    /// <summary>Sets I to the usual CANN cue: <c>I_i = A exp(−d_i²/(4a²))</c>, d_i the distance on the ring from θ_i to <paramref name="center"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or ∞; the input is unchanged.</exception>
    public void SetBumpInput(double center, float amplitude)
    {
        Guard.ThrowIfNotFinite(center, nameof(center));
        Guard.ThrowIfNotFinite(amplitude, nameof(amplitude));
        var input = _input.AsSpan();
        double a = Width;
        for (int i = 0; i < input.Length; i++)
        {
            double d = RingAttractorNetwork.Wrap(PreferredAngle(i) - center);
            input[i] = (float)(amplitude * Math.Exp(-d * d / (4 * a * a)));
        }
    }

    /// <summary>One Euler step: <c>u ← u + (Δt/τ)(−u + W r + I)</c> with r of the current u.</summary>
    public void Step() => WuAmariMath.Step(_u.AsSpan(), _weights.AsReadOnlySpan(), _input.AsReadOnlySpan(), _rates, _field, Inhibition, TimeStep / TimeConstant);

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
}
