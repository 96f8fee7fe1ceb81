namespace Canns.Models;

/// <summary>
/// The two-dimensional Wu–Amari network (CANN2D of the canns library): side × side units on a torus of side 2π
/// (unit (row, column) prefers the point <c>(−π + 2π·column/side, −π + 2π·row/side)</c>), Gaussian couplings
/// <c>W = J0/(2π a²) exp(−|d|²/(2a²))</c> of the distance on the torus, global divisive inhibition and the dynamics of
/// <see cref="WuAmariNetwork"/>. Its stationary bump is <c>u = U0 exp(−|x − z|²/(4a²))</c> for k below
/// <c>k_c = ρJ0²/(32π a²)</c>, ρ = N/(4π²) (<c>Canns.Analysis.TheoreticalBump.WuAmariTorus</c>). No known Lyapunov function:
/// no <see cref="IEnergyModel"/>. Not thread-safe: lock <see cref="SyncRoot"/>.
/// </summary>
public sealed class WuAmariTorusNetwork : IHasWeights, IStateful, IDynamicModel
{
    private readonly ParamState _weights;
    private readonly ParamState _input;
    private readonly ParamState _u;
    private readonly float[] _rates;
    private readonly float[] _field;
    private readonly RingGeometry _axis;

    /// <summary>Creates a torus of <paramref name="side"/> × <paramref name="side"/> units.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/> &lt; 1, N × N cannot be allocated, or an option is out of range.</exception>
    public WuAmariTorusNetwork(int side, WuAmariOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        options ??= new WuAmariOptions();
        options.Validate();
        (TimeConstant, TimeStep, Inhibition, Width, Coupling) = (options.TimeConstant, options.TimeStep, options.Inhibition, options.Width, options.Coupling);
        Side = side;
        int n = checked(side * side);
        _weights = new ParamState("W", n, n);
        _input = new ParamState("I", n);
        _u = new ParamState("u", n);
        _rates = new float[n];
        _field = new float[n];
        _axis = new RingGeometry(side);
        // One value per pair of axis offsets, mirrored (k and side − k are the same distance): W exactly symmetric.
        double a = Width, scale = Coupling / (2 * Math.PI * a * a);
        var squared = new double[side];
        for (int k = 0; k <= side / 2; k++) squared[k] = squared[(side - k) % side] = Math.Pow(2 * Math.PI * k / side, 2);
        var w = _weights.AsSpan();
        for (int i = 0; i < n; i++)
        {
            int ri = i / side, ci = i % side;
            var row = w.Slice(i * n, n);
            for (int j = 0; j < n; j++)
            {
                int dr = ((ri - j / side) % side + side) % side, dc = ((ci - j % side) % side + side) % side;
                row[j] = (float)(scale * Math.Exp(-(squared[dr] + squared[dc]) / (2 * a * a)));
            }
        }
        Parameters = [_weights, _input];
    }

    /// <summary>Units along each side.</summary>
    public int Side { get; }

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

    /// <summary>ρ = N/(4π²), the density of units on the torus.</summary>
    public double Density => Size / (4 * Math.PI * Math.PI);

    /// <summary>k_c = ρJ0²/(32π a²): above it no bump can hold itself up.</summary>
    public double CriticalInhibition => Density * Coupling * Coupling / (32 * Math.PI * Width * Width);

    /// <inheritdoc />
    public string WeightParameterName => _weights.Name;

    /// <inheritdoc />
    public ParamState W => _weights;

    /// <summary>The external input I (named <c>"I"</c>), row-major like the units.</summary>
    public ParamState Input => _input;

    /// <inheritdoc />
    public IReadOnlyList<ParamState> Parameters { get; }

    /// <summary>An object to lock while stepping or writing the network.</summary>
    public object SyncRoot { get; } = new();

    /// <summary>The synaptic inputs u (the state), row-major.</summary>
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

    /// <summary>The preferred point (x, y) of unit <paramref name="index"/> (row-major: x from the column, y from the row).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, N).</exception>
    public (double X, double Y) PreferredPosition(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        return (_axis.PreferredAngle(index % Side), _axis.PreferredAngle(index / Side));
    }

    /// <summary>The bump's centre: on each axis, the angle of the population vector of the rates summed over the other; NaN when silent.</summary>
    public (double X, double Y) BumpCenter
    {
        get
        {
            var r = Rates;
            var columns = new float[Side];
            var rows = new float[Side];
            for (int i = 0; i < r.Length; i++)
            {
                columns[i % Side] += r[i];
                rows[i / Side] += r[i];
            }
            return (_axis.Decode(columns), _axis.Decode(rows));
        }
    }

    /// <inheritdoc />
    public ParamState GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == _weights.Name) return _weights;
        if (name == _input.Name) return _input;
        throw new KeyNotFoundException($"WuAmariTorusNetwork has no parameter '{name}'; it has: {_weights.Name}, {_input.Name}.");
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

    /// <summary>Sets I to the cue <c>A exp(−|d|²/(4a²))</c>, d the distance on the torus to (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or ∞; the input is unchanged.</exception>
    public void SetBumpInput(double x, double y, float amplitude)
    {
        Guard.ThrowIfNotFinite(x, nameof(x));
        Guard.ThrowIfNotFinite(y, nameof(y));
        Guard.ThrowIfNotFinite(amplitude, nameof(amplitude));
        var input = _input.AsSpan();
        double a = Width;
        for (int i = 0; i < input.Length; i++)
        {
            var (px, py) = PreferredPosition(i);
            double dx = RingAttractorNetwork.Wrap(px - x), dy = RingAttractorNetwork.Wrap(py - y);
            input[i] = (float)(amplitude * Math.Exp(-(dx * dx + dy * dy) / (4 * a * a)));
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
