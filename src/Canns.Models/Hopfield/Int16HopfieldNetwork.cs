using Canns.Numerics;

namespace Canns.Models;

/// <summary>
/// A Hopfield network of ±1 units whose weights take 2 bytes a synapse: 16-bit integer couplings J plus a rank-two
/// centring term, <c>W_ij = α(J_ij − ρ(S_i + S_j) + κ)</c> for i ≠ j and <c>W_ii = 0</c>. That is exactly the form of
/// Hebbian storage of ±1 patterns, <c>η/P Σ_p (x_p − ρ)(x_p − ρ)ᵀ</c> with J the integer Gram matrix Σ x_p x_pᵀ, S its
/// column sums Σ x_p, ρ the mean activity and κ = Pρ² (train it with <c>Int16HebbianTrainer</c>). Units follow
/// <c>s_i ← sign(h_i − θ)</c> (unchanged at a tie), synchronously or asynchronously, and the energy is
/// <c>E = −½ sᵀ W s + θ Σ_i s_i</c>.
/// </summary>
/// <remarks>
/// <para><b>Why.</b> Half the memory of <see cref="AmariHopfieldNetwork"/>'s float32 W (N = 32,768 takes 2 GiB, not 4)
/// and half the bytes read per product. <b>Exact.</b> <c>J s</c>, <c>Σ s</c> and <c>Σ S_j s_j</c> are exact integers,
/// so a field kept up to date from the units that flip is the field computed afresh, and every path (step by step,
/// compiled, batched, any number of threads) gives the same states and energies bit for bit. The field is then one
/// double expression of those integers; it differs from the float32 network's rounded field only in the last bits.</para>
/// <para>The model is not thread-safe: lock <see cref="SyncRoot"/> around <see cref="Step()"/>, <see cref="SetState"/> and
/// weight writes shared between threads. A new network has zero weights and the all-(+1) state.</para>
/// </remarks>
public sealed class Int16HopfieldNetwork : IStateful, IEnergyModel, IDynamicModel
{
    /// <summary>The largest network: N² couplings fit in one .NET array (at most 2³¹ − 1 elements, so N ≤ 46,340), and every
    /// field sum <c>Σ_j J_ij s_j</c> of 16-bit couplings then fits in 32 bits.</summary>
    public const int MaxNeurons = 46_340;

    private readonly short[] _couplings;
    private readonly int[] _columnSums;
    private readonly float[] _state;
    private readonly short[] _spins;
    private readonly int[] _field;
    private readonly int[] _order;
    private readonly Random _random;
    private Int16Weights _weights;

    /// <summary>Creates a network of <paramref name="neurons"/> units with zero weights.</summary>
    /// <param name="neurons">N, from 1 to <see cref="MaxNeurons"/>.</param>
    /// <param name="options">The options, validated here; null for the defaults.</param>
    /// <param name="random">The source of asynchronous update orders; null for <c>new SplitMix64Random(options.Seed)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="neurons"/> is out of range, N × N couplings cannot be allocated, or an option is out of range.</exception>
    public Int16HopfieldNetwork(int neurons, Int16HopfieldOptions? options = null, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(neurons, MaxNeurons);
        options ??= new Int16HopfieldOptions();
        options.Validate();
        UpdateMode = options.UpdateMode;
        Threshold = options.Threshold;
        Seed = options.Seed;
        _couplings = LargeBuffers.ZeroedFor<short>((long)neurons * neurons, $"The couplings J of an Int16HopfieldNetwork of {neurons} neurons");
        _columnSums = new int[neurons];
        _state = new float[neurons];
        _state.AsSpan().Fill(1f);
        _spins = new short[neurons];
        _spins.AsSpan().Fill(1);
        _field = new int[neurons];
        _order = new int[neurons];
        _random = random ?? new SplitMix64Random(options.Seed);
        _weights = new Int16Weights(_couplings, _columnSums, 0, 0, 0, 0, 0);
    }

    /// <inheritdoc />
    public int Size => _state.Length;

    /// <summary>Synchronous or asynchronous updates.</summary>
    public UpdateMode UpdateMode { get; }

    /// <summary>The threshold θ.</summary>
    public float Threshold { get; }

    /// <summary>The seed the options gave (<see cref="Int16HopfieldOptions.Seed"/>); the update orders come from it unless a <see cref="Random"/> was passed to the constructor.</summary>
    public int Seed { get; }

    /// <summary>An object to lock while mutating the state or the weights.</summary>
    public object SyncRoot { get; } = new();

    /// <summary>The couplings J, row-major N × N, symmetric with a zero diagonal.</summary>
    public ReadOnlySpan<short> Couplings => _couplings;

    /// <summary>The column sums S of the centring term.</summary>
    public ReadOnlySpan<int> ColumnSums => _columnSums;

    /// <summary>The scale α.</summary>
    public double Scale => _weights.Scale;

    /// <summary>The center ρ (0 without centring).</summary>
    public double Center => _weights.Center;

    /// <summary>The offset κ (Pρ² for Hebbian storage).</summary>
    public double Offset => _weights.Offset;

    /// <summary>A number that changes on every write of the weights.</summary>
    public long Version => Volatile.Read(ref _weights).Version;

    /// <inheritdoc />
    public ReadOnlySpan<float> State => _state;

    /// <inheritdoc />
    public double Energy => EnergyOf(_spins, _field);

    /// <summary>The weights as captured now, for kernels that must not mix versions.</summary>
    internal Int16Weights Weights => Volatile.Read(ref _weights);

    /// <summary>The weight <c>W_ij = α(J_ij − ρ(S_i + S_j) + κ)</c>, 0 on the diagonal.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, N).</exception>
    public double Weight(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Size, nameof(row));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)Size, nameof(column));
        if (row == column) return 0;
        var w = Weights;
        return w.Scale * (_couplings[row * Size + column] - w.Center * ((long)_columnSums[row] + _columnSums[column]) + w.Offset);
    }

    /// <summary>Writes row <paramref name="row"/> of W as float32 into <paramref name="destination"/> (for analysis and export).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside [0, N).</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/>'s length differs from N.</exception>
    public void CopyWeightRow(int row, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Size, nameof(row));
        Guard.ThrowIfLengthMismatch(destination.Length, Size, nameof(destination));
        for (int j = 0; j < Size; j++) destination[j] = (float)Weight(row, j);
    }

    /// <summary>
    /// Replaces the weights: couplings J (N × N, symmetric, zero diagonal), column sums S (length N) and α, ρ, κ.
    /// </summary>
    /// <exception cref="ArgumentException">A length is wrong, J is not symmetric or has a nonzero diagonal, a coefficient is NaN or ∞,
    /// or the weights they give lie beyond the float32 range; nothing changes.</exception>
    public void SetWeights(ReadOnlySpan<short> couplings, ReadOnlySpan<int> columnSums, double scale, double center, double offset)
    {
        int n = Size;
        if (couplings.Length != _couplings.Length)
        {
            throw new ArgumentException($"couplings has {couplings.Length} elements but the model needs {n} × {n}.", nameof(couplings));
        }
        Guard.ThrowIfLengthMismatch(columnSums.Length, n, nameof(columnSums));
        if (!double.IsFinite(scale) || !double.IsFinite(center) || !double.IsFinite(offset))
        {
            throw new ArgumentException($"scale ({scale}), center ({center}) and offset ({offset}) must be finite.", nameof(scale));
        }
        int largestCoupling = 0;
        for (int i = 0; i < n; i++)
        {
            if (couplings[i * n + i] != 0) throw new ArgumentException($"couplings has {couplings[i * n + i]} on the diagonal at ({i}, {i}); it must be 0.", nameof(couplings));
            for (int j = 0; j < i; j++)
            {
                if (couplings[i * n + j] != couplings[j * n + i])
                {
                    throw new ArgumentException(
                        $"couplings is not symmetric: ({i}, {j}) is {couplings[i * n + j]} but ({j}, {i}) is {couplings[j * n + i]}.", nameof(couplings));
                }
                largestCoupling = Math.Max(largestCoupling, Math.Abs((int)couplings[i * n + j]));
            }
        }
        // Every weight α(J_ij − ρ(S_i + S_j) + κ) must be a float32, as Weight and CopyWeightRow return it.
        long largestSum = 0;
        foreach (int sum in columnSums) largestSum = Math.Max(largestSum, Math.Abs((long)sum));
        double bound = Math.Abs(scale) * (largestCoupling + 2 * Math.Abs(center) * largestSum + Math.Abs(offset));
        if (!(bound <= float.MaxValue))
        {
            throw new ArgumentException(
                $"scale ({scale}), center ({center}) and offset ({offset}) with couplings up to {largestCoupling} and column sums up to {largestSum} " +
                "give weights beyond the float32 range.", nameof(scale));
        }
        couplings.CopyTo(_couplings);
        columnSums.CopyTo(_columnSums);
        Commit(scale, center, offset);
    }

    /// <summary>Records new coefficients after the couplings and column sums were written in place (trainers).</summary>
    internal void Commit(double scale, double center, double offset)
    {
        long total = 0;
        foreach (int s in _columnSums) total += s;
        var old = Weights;
        Volatile.Write(ref _weights, new Int16Weights(_couplings, _columnSums, scale, center, offset, total, old.Version + 1));
    }

    /// <summary>The couplings' buffer, for trainers that write it in place before <see cref="Commit"/>.</summary>
    internal short[] CouplingBuffer => _couplings;

    /// <summary>The column sums' buffer, for trainers that write it in place before <see cref="Commit"/>.</summary>
    internal int[] ColumnSumBuffer => _columnSums;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The pattern's length differs from <see cref="Size"/>, or a value is not exactly +1 or −1.</exception>
    public void SetState(ReadOnlySpan<float> pattern)
    {
        Guard.ThrowIfLengthMismatch(pattern.Length, Size, nameof(pattern));
        Guard.ThrowIfNotBipolar(pattern, nameof(pattern), nameof(Int16HopfieldNetwork));
        pattern.CopyTo(_state);
        for (int i = 0; i < _spins.Length; i++) _spins[i] = (short)_state[i];
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The state's length differs from <see cref="Size"/>, or a value is not exactly +1 or −1.</exception>
    public double ComputeEnergy(ReadOnlySpan<float> state)
    {
        Guard.ThrowIfLengthMismatch(state.Length, Size, nameof(state));
        Guard.ThrowIfNotBipolar(state, nameof(state), nameof(Int16HopfieldNetwork));
        var spins = new short[Size];
        for (int i = 0; i < spins.Length; i++) spins[i] = (short)state[i];
        // A field of its own: this only reads the weights, so it may run beside another call or a Step (which owns _field).
        return EnergyOf(spins, new int[Size]);
    }

    /// <summary>The energy of ±1 <paramref name="spins"/>, with <paramref name="field"/> (N ints) as scratch.</summary>
    private double EnergyOf(short[] spins, int[] field)
    {
        var w = Weights;
        Blas.GemvInt16(w.Couplings, Size, spins, Size, field);
        var (m, q) = Int16HopfieldMath.Sums(spins, w.ColumnSums);
        return Int16HopfieldMath.Energy(w, Int16HopfieldMath.Quadratic(spins, field), m, q, Size, Threshold);
    }

    /// <inheritdoc />
    public void Step() => Step(_random);

    /// <inheritdoc />
    /// <remarks>Synchronous: every unit from the same fields <c>J s</c>. Asynchronous: units in a fresh random order,
    /// each from its row of J and the sums of the current state.</remarks>
    public void Step(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var w = Weights;
        int n = Size;
        var (m, q) = Int16HopfieldMath.Sums(_spins, w.ColumnSums);
        if (UpdateMode == UpdateMode.Synchronous)
        {
            Blas.GemvInt16(w.Couplings, n, _spins, n, _field);
            for (int i = 0; i < n; i++)
            {
                double h = Int16HopfieldMath.Field(w, _field[i], w.ColumnSums[i], _spins[i], m, q);
                _spins[i] = Int16HopfieldMath.Decide(h, Threshold, _spins[i]);
            }
        }
        else
        {
            HopfieldMath.Permutation(_order, random);
            foreach (int i in _order)
            {
                int a = Blas.DotInt16(w.Couplings.AsSpan(i * n, n), _spins);
                short old = _spins[i];
                short s = Int16HopfieldMath.Decide(Int16HopfieldMath.Field(w, a, w.ColumnSums[i], old, m, q), Threshold, old);
                if (s == old) continue;
                _spins[i] = s;
                m += s - old;
                q += (long)w.ColumnSums[i] * (s - old);
            }
        }
        for (int i = 0; i < n; i++) _state[i] = _spins[i];
    }
}
