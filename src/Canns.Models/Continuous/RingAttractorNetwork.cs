using System.Numerics.Tensors;
using Canns.Numerics;

namespace Canns.Models;

/// <summary>
/// A continuous (ring) attractor: N threshold-linear rate units with preferred angles <c>θ_i = −π + 2π i / N</c>,
/// couplings W (N × N), an external input I and the dynamics <c>τ dr/dt = −r + [W r + I]₊</c>, stepped by Euler with
/// <c>r ← r + η (−r + [W r + I]₊)</c>. With translation-invariant couplings (<see cref="RingCoupling"/>) a localized
/// bump of activity persists at any position after the input that placed it is gone: a line of attractors.
/// </summary>
/// <remarks>
/// <para>For symmetric W its energy is the Lyapunov function of Hahnloser, Seung and Slotine (2003),
/// <c>E(r) = ½ Σ_i r_i² − ½ rᵀ W r − Σ_i I_i r_i</c>. For r ≥ 0 and d = [W r + I]₊ − r one has ∇E·d ≤ −|d|², so an Euler
/// step never raises E while η ≤ 2 / (1 − λ_min(W)); rates stay ≥ 0 for η ≤ 1.</para>
/// <para>The model is not thread-safe: lock <see cref="SyncRoot"/> around <see cref="Step()"/>, <see cref="SetState"/>,
/// <see cref="SetInput"/> and weight writes shared between threads. A new network is silent (r = 0) with zero input.</para>
/// </remarks>
public sealed class RingAttractorNetwork : IRecurrentNetwork
{
    private readonly ParamState _weights;
    private readonly ParamState _input;
    private readonly ParamState _rates;
    private readonly float[] _field;
    private readonly RingGeometry _ring;

    /// <summary>Creates a ring of <paramref name="neurons"/> units with the couplings the options describe.</summary>
    /// <param name="neurons">N, at least 1.</param>
    /// <param name="options">The options, validated here; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="neurons"/> &lt; 1, N × N cannot be allocated, or an option is out of range
    /// (including J0 and J1 whose couplings (J0 + J1·profile)/N are beyond the float32 range).</exception>
    public RingAttractorNetwork(int neurons, RingAttractorOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        options ??= new RingAttractorOptions();
        options.Validate();
        Coupling = options.Coupling;
        UniformCoupling = options.UniformCoupling;
        TunedCoupling = options.TunedCoupling;
        Width = options.Width;
        StepSize = options.StepSize;
        _weights = new ParamState("W", neurons, neurons);
        _input = new ParamState("I", neurons);
        _rates = new ParamState("r", neurons);
        _field = new float[neurons];
        _ring = new RingGeometry(neurons);
        if (options.Coupling != RingCoupling.None)
        {
            double j0 = options.UniformCoupling, j1 = options.TunedCoupling, sigma = options.Width;
            Func<double, double> shape = options.Coupling == RingCoupling.Cosine ? Math.Cos : d => Math.Exp(-d * d / (2 * sigma * sigma));
            _ring.FillCirculant(_weights.AsSpan(), d => (j0 + j1 * shape(d)) / neurons);
            // |J0| + |J1| ≤ 2·float.MaxValue, so only a tiny ring (N = 1) can overflow: refuse it rather than hold +∞.
            int bad = Guard.FirstNonFinite(_weights.AsReadOnlySpan());
            if (bad >= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options),
                    $"UniformCoupling J0 ({j0}) and TunedCoupling J1 ({j1}) over N = {neurons} give a coupling of {_weights.AsReadOnlySpan()[bad]}, beyond the float32 range.");
            }
        }
        Parameters = [_weights, _input];
    }

    /// <inheritdoc />
    public int Size => _field.Length;

    /// <summary>The profile the couplings were initialised with.</summary>
    public RingCoupling Coupling { get; }

    /// <summary>J0 of the initial couplings.</summary>
    public float UniformCoupling { get; }

    /// <summary>J1 of the initial couplings.</summary>
    public float TunedCoupling { get; }

    /// <summary>σ of the Gaussian profile.</summary>
    public float Width { get; }

    /// <summary>η = Δt/τ of each <see cref="Step()"/>.</summary>
    public float StepSize { get; }

    /// <inheritdoc />
    public string WeightParameterName => _weights.Name;

    /// <inheritdoc />
    public ParamState W => _weights;

    /// <summary>The external input I as a versioned parameter (named <c>"I"</c>).</summary>
    public ParamState Input => _input;

    /// <summary>The rates r as a versioned parameter.</summary>
    public ParamState StateParameter => _rates;

    /// <inheritdoc />
    public IReadOnlyList<ParamState> Parameters { get; }

    /// <inheritdoc />
    public object SyncRoot { get; } = new();

    /// <inheritdoc />
    public ReadOnlySpan<float> State => _rates.AsReadOnlySpan();

    /// <inheritdoc />
    public double Energy => ComputeEnergy(_rates.AsReadOnlySpan());

    /// <summary>The position of the bump: the angle of the population vector <c>Σ_i r_i e^{iθ_i}</c>, in (−π, π]; NaN when every rate is 0.</summary>
    public double BumpPosition => DecodePosition(_rates.AsReadOnlySpan());

    /// <summary>The largest rate.</summary>
    public float BumpAmplitude => TensorPrimitives.Max(_rates.AsReadOnlySpan());

    /// <summary>The preferred angle of unit <paramref name="index"/>: <c>−π + 2π·index / N</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, N).</exception>
    public double PreferredAngle(int index) => _ring.PreferredAngle(index);

    /// <summary>The angle of the population vector of <paramref name="rates"/>, in (−π, π]; NaN when its sums are both 0.</summary>
    /// <exception cref="ArgumentException">The length differs from <see cref="Size"/>, or a rate is NaN or ∞.</exception>
    public double DecodePosition(ReadOnlySpan<float> rates)
    {
        Guard.ThrowIfLengthMismatch(rates.Length, Size, nameof(rates));
        Guard.ThrowIfNotFinite(rates, nameof(rates));
        return _ring.Decode(rates);
    }

    /// <inheritdoc />
    public ParamState GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == _weights.Name) return _weights;
        if (name == _input.Name) return _input;
        throw new KeyNotFoundException($"RingAttractorNetwork has no parameter '{name}'; it has: {_weights.Name}, {_input.Name}.");
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The pattern's length differs from <see cref="Size"/>, or it holds NaN, ∞ or a negative rate; the state is unchanged.</exception>
    public void SetState(ReadOnlySpan<float> pattern)
    {
        Guard.ThrowIfLengthMismatch(pattern.Length, Size, nameof(pattern));
        Guard.ThrowIfNotFinite(pattern, nameof(pattern));
        ThrowIfNegative(pattern, nameof(pattern));
        _rates.CopyFrom(pattern);
    }

    /// <summary>Sets the external input I.</summary>
    /// <exception cref="ArgumentException">The length differs from <see cref="Size"/>, or it holds NaN or ∞; the input is unchanged.</exception>
    public void SetInput(ReadOnlySpan<float> input)
    {
        Guard.ThrowIfLengthMismatch(input.Length, Size, nameof(input));
        Guard.ThrowIfNotFinite(input, nameof(input));
        _input.CopyFrom(input);
    }

    /// <summary>
    /// Sets I to a bump around <paramref name="center"/>: <c>I_i = baseline + amplitude·exp(−d_i²/(2 width²))</c>, with
    /// d_i the distance on the ring from θ_i to the centre, in (−π, π].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or ∞, <paramref name="width"/> ≤ 0 or so small that 2·width²
    /// underflows to 0, or baseline + amplitude overflows float32; the input is unchanged.</exception>
    public void SetBumpInput(double center, float amplitude, double width, float baseline = 0f)
    {
        Guard.ThrowIfNotFinite(center, nameof(center));
        Guard.ThrowIfNotFinite(amplitude, nameof(amplitude));
        Guard.ThrowIfNotFinite(baseline, nameof(baseline));
        Guard.ThrowIfNotFinite(width, nameof(width));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(width, 0);
        double twoWidthSquared = 2 * width * width;
        if (twoWidthSquared == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"width ({width}) is so small that 2·width² underflows to 0.");
        }
        var input = new float[Size];
        for (int i = 0; i < input.Length; i++)
        {
            double d = Wrap(PreferredAngle(i) - center);
            input[i] = (float)(baseline + amplitude * Math.Exp(-d * d / twoWidthSquared));
            if (!float.IsFinite(input[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(amplitude), amplitude,
                    $"baseline ({baseline}) + amplitude ({amplitude}) gives {input[i]} at unit {i}, beyond the float32 range.");
            }
        }
        _input.CopyFrom(input);
    }

    /// <summary>The distance on the ring: <paramref name="angle"/> wrapped into (−π, π].</summary>
    public static double Wrap(double angle)
    {
        double wrapped = Math.IEEERemainder(angle, 2 * Math.PI);
        return wrapped <= -Math.PI ? wrapped + 2 * Math.PI : wrapped;
    }

    /// <inheritdoc />
    /// <remarks>Computes <c>Σ_i r_i (½ r_i − ½ (W r)_i − I_i)</c> in double precision from the float32 field.</remarks>
    /// <exception cref="ArgumentException">The state's length differs from <see cref="Size"/>, or it holds NaN or ∞.</exception>
    public double ComputeEnergy(ReadOnlySpan<float> state)
    {
        Guard.ThrowIfLengthMismatch(state.Length, Size, nameof(state));
        Guard.ThrowIfNotFinite(state, nameof(state));
        Span<float> field = Size <= 4096 ? stackalloc float[Size] : new float[Size];
        Blas.Gemv(_weights.AsReadOnlySpan(), Size, state, field);
        var input = _input.AsReadOnlySpan();
        double energy = 0;
        for (int i = 0; i < state.Length; i++)
        {
            energy += state[i] * (0.5 * state[i] - 0.5 * field[i] - input[i]);
        }
        return energy;
    }

    /// <summary>One Euler step of all units at once: <c>r ← r + η ([W r + I]₊ − r)</c>.</summary>
    public void Step()
    {
        var r = _rates.AsSpan();
        Blas.Gemv(_weights.AsReadOnlySpan(), Size, r, _field);
        TensorPrimitives.Add(_field, _input.AsReadOnlySpan(), _field);
        TensorPrimitives.Max(_field, 0f, _field);
        TensorPrimitives.Subtract(_field, r, _field);
        TensorPrimitives.MultiplyAdd(_field, StepSize, r, r);
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

    private static void ThrowIfNegative(ReadOnlySpan<float> rates, string paramName)
    {
        if (rates.IsEmpty || TensorPrimitives.Min(rates) >= 0) return;
        int bad = rates.IndexOfAnyInRange(float.NegativeInfinity, -float.Epsilon);
        throw new ArgumentException($"{paramName} holds {rates[bad]} at index {bad}; a ring attractor's rates are ≥ 0.", paramName);
    }
}
