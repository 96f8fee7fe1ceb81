using System.Numerics;
using System.Numerics.Tensors;
using Canns.Numerics;

namespace Canns.Models;

/// <summary>
/// A dense associative memory (Krotov and Hopfield 2016): N units with states σ_i = ±1 and up to K stored memories
/// ξ_μ (the rows of W, K × N), with the energy <c>E = −Σ_μ F(ξ_μ·σ)</c> for a fast-growing interaction F. A unit is
/// updated to the sign that gives the lower energy with every other unit fixed,
/// <c>σ_i ← sign(Σ_μ [F(ξ_μi + x_μ∖i) − F(−ξ_μi + x_μ∖i)])</c> with <c>x_μ∖i = Σ_{j≠i} ξ_μj σ_j</c> (a tie keeps σ_i),
/// so asynchronous updates never raise E. Polynomial F of degree n stores about <c>N^(n−1)</c> patterns, the exponential
/// exponentially many; n = 2 is the classical Hopfield network with Hebbian weights.
/// </summary>
/// <remarks>
/// <para>For the exponential interaction <see cref="Energy"/> is reported as <c>−(1/β) log Σ_μ exp(β ξ_μ·σ)</c>, a
/// monotone function of <c>−Σ_μ exp(β ξ_μ·σ)</c> that cannot overflow; it is 0 when nothing is stored.</para>
/// <para>Overlaps are exact integers; polynomial decisions are exact while Nⁿ &lt; 2⁵³. Memories are stored by
/// <c>DenseMemoryTrainer</c>; the first <see cref="MemoryCount"/> rows of W are the memories (writes to them through
/// <see cref="ParamState"/> are picked up at the next step). The model is not thread-safe: lock <see cref="SyncRoot"/>.</para>
/// </remarks>
public sealed class DenseAssociativeMemory : IRecurrentNetwork
{
    private readonly ParamState _weights;
    private readonly ParamState _state;
    private readonly double[] _columns;
    private readonly double[] _overlaps;
    private readonly double[] _next;
    private readonly int[] _order;
    private readonly Random _random;
    private long _columnsVersion;

    /// <summary>Creates a memory of <paramref name="neurons"/> units with room for <paramref name="capacity"/> memories.</summary>
    /// <param name="neurons">N, at least 1.</param>
    /// <param name="capacity">K, the most memories it can hold; at least 1.</param>
    /// <param name="options">The options, validated here; null for the defaults.</param>
    /// <param name="random">The source of asynchronous update orders; null for <c>new SplitMix64Random(options.Seed)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is &lt; 1, K × N cannot be allocated, or an option is out of range.</exception>
    public DenseAssociativeMemory(int neurons, int capacity, DenseAssociativeMemoryOptions? options = null, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        options ??= new DenseAssociativeMemoryOptions();
        options.Validate();
        Interaction = options.Interaction;
        Degree = options.Degree;
        Beta = options.Beta;
        UpdateMode = options.UpdateMode;
        Seed = options.Seed;
        _weights = new ParamState("W", capacity, neurons);
        _state = new ParamState("s", neurons);
        _state.AsSpan().Fill(1f);
        _columns = LargeBuffers.ZeroedFor<double>((long)neurons * capacity, $"The column copy of a DenseAssociativeMemory of {neurons} units × {capacity} memories");
        _overlaps = new double[capacity];
        _next = new double[capacity];
        _order = new int[neurons];
        _random = random ?? new SplitMix64Random(options.Seed);
        Parameters = [_weights];
    }

    /// <inheritdoc />
    public int Size => _order.Length;

    /// <summary>K, the most memories the model can hold (the rows of W).</summary>
    public int Capacity => _weights.Rows;

    /// <summary>The memories stored so far: the first rows of W.</summary>
    public int MemoryCount { get; private set; }

    /// <summary>The interaction function.</summary>
    public DenseInteraction Interaction { get; }

    /// <summary>n of the polynomial interactions.</summary>
    public int Degree { get; }

    /// <summary>β of the exponential interaction.</summary>
    public double Beta { get; }

    /// <summary>Synchronous or asynchronous updates.</summary>
    public UpdateMode UpdateMode { get; }

    /// <summary>The seed the options gave (<see cref="DenseAssociativeMemoryOptions.Seed"/>); the update orders come from it unless a <see cref="Random"/> was passed to the constructor.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public string WeightParameterName => _weights.Name;

    /// <inheritdoc />
    public ParamState W => _weights;

    /// <inheritdoc />
    public IReadOnlyList<ParamState> Parameters { get; }

    /// <inheritdoc />
    public object SyncRoot { get; } = new();

    /// <inheritdoc />
    public ReadOnlySpan<float> State => _state.AsReadOnlySpan();

    /// <inheritdoc />
    public double Energy => ComputeEnergy(_state.AsReadOnlySpan());

    /// <summary>F(x) of this memory's interaction (for the exponential, <c>exp(βx)</c>).</summary>
    public double F(double x) => Interaction switch
    {
        DenseInteraction.Polynomial => Power(x, Degree),
        DenseInteraction.RectifiedPolynomial => x > 0 ? Power(x, Degree) : 0,
        _ => Math.Exp(Beta * x),
    };

    /// <inheritdoc />
    public ParamState GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name == _weights.Name
            ? _weights
            : throw new KeyNotFoundException($"DenseAssociativeMemory has no parameter '{name}'; it has: {_weights.Name}.");
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The pattern's length differs from <see cref="Size"/> or a value is not ±1; the state is unchanged.</exception>
    public void SetState(ReadOnlySpan<float> pattern)
    {
        Guard.ThrowIfLengthMismatch(pattern.Length, Size, nameof(pattern));
        Guard.ThrowIfNotBipolar(pattern, nameof(pattern), "dense associative memory");
        _state.CopyFrom(pattern);
    }

    /// <inheritdoc />
    /// <remarks>Computes <c>−Σ_μ F(ξ_μ·σ)</c> in double precision (exponential: <c>−(1/β) log Σ_μ exp(β ξ_μ·σ)</c>).</remarks>
    /// <exception cref="ArgumentException">The state's length differs from <see cref="Size"/>, or it holds NaN or ∞.</exception>
    public double ComputeEnergy(ReadOnlySpan<float> state)
    {
        Guard.ThrowIfLengthMismatch(state.Length, Size, nameof(state));
        Guard.ThrowIfNotFinite(state, nameof(state));
        int k = MemoryCount;
        if (k == 0) return 0;
        var x = new double[k];
        for (int mu = 0; mu < k; mu++) x[mu] = Overlap(_weights.ReadOnlyRow(mu), state);
        if (Interaction != DenseInteraction.Exponential) return -x.Sum(F);
        double max = x.Max(), sum = 0;
        foreach (double v in x) sum += Math.Exp(Beta * (v - max));
        return -(max + Math.Log(sum) / Beta);
    }

    /// <inheritdoc />
    public void Step() => Step(_random);

    /// <inheritdoc />
    public void Step(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var s = _state.AsSpan();
        int k = MemoryCount, n = Size;
        SyncColumns();
        for (int mu = 0; mu < k; mu++) _overlaps[mu] = Overlap(_weights.ReadOnlyRow(mu), s);
        if (UpdateMode == UpdateMode.Synchronous)
        {
            Span<float> next = n <= 4096 ? stackalloc float[n] : new float[n];
            for (int i = 0; i < n; i++) next[i] = Decide(i, s[i]);
            next.CopyTo(s);
            return;
        }
        HopfieldMath.Permutation(_order, random);
        foreach (int i in _order)
        {
            float old = s[i], updated = Decide(i, old);
            if (updated == old) continue;
            s[i] = updated;
            // x_μ changes by 2σ_new ξ_μi when unit i flips.
            // x_μ += 2σ_new ξ_μi: exact integers, so vectors give the same values.
            TensorPrimitives.MultiplyAdd(_columns.AsSpan(i * Capacity, k), 2.0 * updated, _overlaps.AsSpan(0, k), _overlaps.AsSpan(0, k));
        }
    }

    /// <summary>The sign of unit i that gives the lower energy with the others fixed (a tie keeps <paramref name="current"/>).</summary>
    private float Decide(int i, float current)
    {
        int k = MemoryCount;
        if (k == 0) return current;
        var column = _columns.AsSpan(i * Capacity, k);
        double h = 0;
        if (Interaction == DenseInteraction.Exponential)
        {
            // F(x + ξ) − F(x − ξ) = 2 ξ sinh(β) exp(βx): the sign of Σ_μ ξ_μi exp(β x_μ∖i), scaled by its largest term.
            double max = double.NegativeInfinity;
            for (int mu = 0; mu < k; mu++)
            {
                _next[mu] = _overlaps[mu] - current * column[mu];
                max = Math.Max(max, _next[mu]);
            }
            for (int mu = 0; mu < k; mu++) h += column[mu] * Math.Exp(Beta * (_next[mu] - max));
        }
        else
        {
            h = PolynomialField(_overlaps.AsSpan(0, k), column, current, Degree, Interaction == DenseInteraction.RectifiedPolynomial);
        }
        return h > 0 ? 1f : h < 0 ? -1f : current;
    }

    /// <summary>
    /// <c>Σ_μ [F(x_μ∖i + ξ_μi) − F(x_μ∖i − ξ_μi)]</c> for the (rectified) polynomial F, a vector of μ at a time. Every term
    /// is an integer below 2⁵³ while Nⁿ is, so the sum is exact in any order and equals the one-term-at-a-time sum.
    /// </summary>
    private static double PolynomialField(ReadOnlySpan<double> overlaps, ReadOnlySpan<double> column, double current, int degree, bool rectified)
    {
        int mu = 0, k = overlaps.Length;
        double h = 0;
        if (Vector.IsHardwareAccelerated && k >= Vector<double>.Count)
        {
            var sum = Vector<double>.Zero;
            var s = new Vector<double>(current);
            for (; mu <= k - Vector<double>.Count; mu += Vector<double>.Count)
            {
                var xi = new Vector<double>(column.Slice(mu));
                var rest = new Vector<double>(overlaps.Slice(mu)) - s * xi;
                Vector<double> up = rest + xi, down = rest - xi;
                if (rectified)
                {
                    up = Vector.Max(up, Vector<double>.Zero);
                    down = Vector.Max(down, Vector<double>.Zero);
                }
                Vector<double> pu = Vector<double>.One, pd = Vector<double>.One;
                for (int p = 0; p < degree; p++)
                {
                    pu *= up;
                    pd *= down;
                }
                sum += pu - pd;
            }
            h = Vector.Sum(sum);
        }
        for (; mu < k; mu++)
        {
            double rest = overlaps[mu] - current * column[mu], xi = column[mu];
            double up = rest + xi, down = rest - xi;
            if (rectified)
            {
                up = Math.Max(up, 0);
                down = Math.Max(down, 0);
            }
            h += Power(up, degree) - Power(down, degree);
        }
        return h;
    }

    /// <summary>Appends memories (rows of ±1) after the stored ones; the caller has checked them and the room.</summary>
    internal void Append(Matrix memories)
    {
        int n = Size;
        for (int r = 0; r < memories.Rows; r++)
        {
            int mu = MemoryCount + r;
            var row = memories.Row(r);
            row.CopyTo(_weights.Row(mu));
            for (int i = 0; i < n; i++) _columns[i * Capacity + mu] = row[i];
        }
        MemoryCount += memories.Rows;
        _columnsVersion = _weights.Version;
    }

    /// <summary>Rebuilds the unit-major copy of the memories when W was written some other way since.</summary>
    private void SyncColumns()
    {
        if (_columnsVersion == _weights.Version) return;
        int n = Size;
        for (int mu = 0; mu < MemoryCount; mu++)
        {
            var row = _weights.ReadOnlyRow(mu);
            for (int i = 0; i < n; i++) _columns[i * Capacity + mu] = row[i];
        }
        _columnsVersion = _weights.Version;
    }

    /// <summary>Forgets every memory (W back to zero).</summary>
    internal void Clear()
    {
        _weights.AsSpan().Clear();
        Array.Clear(_columns);
        MemoryCount = 0;
        _columnsVersion = _weights.Version;
    }

    private static double Overlap(ReadOnlySpan<float> memory, ReadOnlySpan<float> state)
    {
        double x = 0;
        for (int j = 0; j < state.Length; j++) x += memory[j] * state[j];
        return x;
    }

    private static double Power(double x, int n)
    {
        double result = 1;
        for (int p = 0; p < n; p++) result *= x;
        return result;
    }
}
