using Canns.Numerics;

namespace Canns.Models;

/// <summary>
/// The Amari–Hopfield network: N units with state s, symmetric weights W (N × N) and threshold θ, updated by
/// <c>s_i ← f(Σ_j W_ij s_j)</c> with the activations of <see cref="Activation"/>, synchronously or asynchronously.
/// Its energy is <c>E = −½ sᵀ W s + θ Σ_i s_i</c>.
/// </summary>
/// <remarks>
/// The model is not thread-safe: lock <see cref="SyncRoot"/> around <see cref="Step()"/>, <see cref="SetState"/>
/// and weight writes shared between threads (the trainers do). A new network has zero weights and the all-(+1) state.
/// </remarks>
public sealed class AmariHopfieldNetwork : IHopfieldDynamics
{
    private readonly ParamState _weights;
    private readonly ParamState _state;
    private readonly float[] _field;
    private readonly int[] _order;
    private readonly Random _random;

    /// <summary>Creates a network of <paramref name="neurons"/> units.</summary>
    /// <param name="neurons">N, at least 1.</param>
    /// <param name="options">The options, validated here; null for the defaults.</param>
    /// <param name="random">The source of asynchronous update orders; null for <c>new SplitMix64Random(options.Seed)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="neurons"/> &lt; 1, N × N cannot be allocated, or an option is out of range.</exception>
    public AmariHopfieldNetwork(int neurons, AmariHopfieldOptions? options = null, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        options ??= new AmariHopfieldOptions();
        options.Validate();
        Dynamics = new HopfieldDynamics(options.Activation, options.UpdateMode, options.Threshold, options.Temperature);
        Seed = options.Seed;
        _weights = new ParamState("W", neurons, neurons);
        _state = new ParamState("s", neurons);
        _state.AsSpan().Fill(1f);
        _field = new float[neurons];
        _order = new int[neurons];
        _random = random ?? new SplitMix64Random(options.Seed);
        Parameters = [_weights];
    }

    /// <inheritdoc />
    public int Size => _field.Length;

    /// <inheritdoc />
    public HopfieldDynamics Dynamics { get; }

    /// <summary>The seed the options gave (<see cref="AmariHopfieldOptions.Seed"/>); the update orders come from it unless a <see cref="Random"/> was passed to the constructor.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public string WeightParameterName => _weights.Name;

    /// <inheritdoc />
    public ParamState W => _weights;

    /// <summary>The state s as a versioned parameter.</summary>
    public ParamState StateParameter => _state;

    /// <inheritdoc />
    public IReadOnlyList<ParamState> Parameters { get; }

    /// <inheritdoc />
    public object SyncRoot { get; } = new();

    /// <inheritdoc />
    public ReadOnlySpan<float> State => _state.AsReadOnlySpan();

    /// <inheritdoc />
    public double Energy => ComputeEnergy(_state.AsReadOnlySpan());

    /// <inheritdoc />
    public ParamState GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name == _weights.Name
            ? _weights
            : throw new KeyNotFoundException($"AmariHopfieldNetwork has no parameter '{name}'; it has: {_weights.Name}.");
    }

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<float> pattern)
    {
        Guard.ThrowIfLengthMismatch(pattern.Length, Size, nameof(pattern));
        Guard.ThrowIfNotFinite(pattern, nameof(pattern));
        _state.CopyFrom(pattern);
    }

    /// <inheritdoc />
    /// <remarks>Computes <c>−½ Σ_i s_i (W s)_i + θ Σ_i s_i</c> in double precision from the float32 field.</remarks>
    /// <exception cref="ArgumentException">The state's length differs from <see cref="Size"/>, or it holds NaN or ∞.</exception>
    public double ComputeEnergy(ReadOnlySpan<float> state)
    {
        Guard.ThrowIfLengthMismatch(state.Length, Size, nameof(state));
        Guard.ThrowIfNotFinite(state, nameof(state));
        Span<float> field = Size <= 4096 ? stackalloc float[Size] : new float[Size];
        Blas.Gemv(_weights.AsReadOnlySpan(), Size, state, field);
        return HopfieldMath.Energy(state, field, Dynamics.Threshold);
    }

    /// <inheritdoc />
    public void Step() => Step(_random);

    /// <inheritdoc />
    public void Step(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var d = Dynamics;
        var s = _state.AsSpan();
        var w = _weights.AsReadOnlySpan();
        if (d.UpdateMode == UpdateMode.Synchronous)
        {
            Blas.Gemv(w, Size, s, _field);
            HopfieldMath.Apply(d.Activation, _field, s, d.Threshold, d.Temperature);
            return;
        }
        HopfieldMath.Permutation(_order, random);
        foreach (int i in _order)
        {
            float h = Blas.Dot(w.Slice(i * Size, Size), s);
            s[i] = HopfieldMath.ApplyOne(d.Activation, h, s[i], d.Threshold, d.Temperature);
        }
    }

    /// <summary>
    /// Creates a network of another size with the same options. With <paramref name="copyWeights"/> the top-left
    /// min(N, N′) block of W and the first min(N, N′) state values are copied; the rest are zero weights and +1 states.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="neurons"/> &lt; 1, or N′ × N′ cannot be allocated.</exception>
    public AmariHopfieldNetwork Resize(int neurons, bool copyWeights = true)
    {
        var d = Dynamics;
        var resized = new AmariHopfieldNetwork(neurons, new AmariHopfieldOptions
        {
            Activation = d.Activation, UpdateMode = d.UpdateMode, Threshold = d.Threshold, Temperature = d.Temperature, Seed = Seed,
        });
        if (copyWeights)
        {
            int m = Math.Min(neurons, Size);
            for (int i = 0; i < m; i++)
            {
                _weights.ReadOnlyRow(i)[..m].CopyTo(resized._weights.Row(i));
            }
            State[..m].CopyTo(resized._state.AsSpan());
        }
        return resized;
    }
}
