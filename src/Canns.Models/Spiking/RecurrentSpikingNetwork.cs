using System.Numerics.Tensors;
using Canns.Numerics;

namespace Canns.Models;

/// <summary>
/// A recurrent network of N leaky integrate-and-fire neurons with random sparse synapses W (N × N, row i the synapses
/// onto neuron i), optional short-term plasticity and running rate estimates: the substrate of the plasticity toolkit.
/// </summary>
/// <remarks>
/// <para>One <see cref="Step(ReadOnlySpan{float})"/> with external input I does, in this order:</para>
/// <list type="number">
/// <item>for each neuron i not refractory: <c>v_i ← λ v_i + Σ_j W_ij σ_j e_j + I_i</c> (with input weights,
/// <see cref="RecurrentSpikingOptions.InputCount"/> &gt; 0, the current <c>I = W_in x</c> of the input channels' activity x), where e_j is the efficacy with
/// which j's spike of the previous step arrives (1, or its short-term release) and σ_j is +1, or −g for an inhibitory
/// neuron (<see cref="RecurrentSpikingOptions.InhibitoryFraction"/>); it spikes when <c>v_i ≥ threshold</c>,
/// then <c>v_i ← reset</c> and it stays refractory for <see cref="RefractorySteps"/> steps;</item>
/// <item>short-term plasticity (see <see cref="ShortTermPlasticityOptions"/>) gives each neuron's efficacy for the next
/// step: 0 when it did not spike;</item>
/// <item>rates: <c>ν ← ν + (s − ν)/τ</c> in spikes per step.</item>
/// </list>
/// <para>Synapses exist where <see cref="Mask"/> is 1 (drawn once with <see cref="RecurrentSpikingOptions.ConnectionProbability"/>,
/// no self-synapses); W is 0 elsewhere and trainers keep it so. The network is not thread-safe: lock <see cref="SyncRoot"/>.</para>
/// <para>The membrane potentials are always finite: a step whose update of a neuron not refractory overflows float32
/// (finite currents or weights near ±3·10³⁸) is refused with a <see cref="NotFiniteNumberException"/> before it changes
/// anything. Release probabilities stay in [U, 1], resources and efficacies in [0, 1] and rates in [0, 1] spikes per step.</para>
/// </remarks>
public sealed class RecurrentSpikingNetwork : IMaskedWeights
{
    private readonly ParamState _weights;
    private readonly ParamState? _inputWeights;
    private readonly float[] _current;
    private readonly float[] _mask;
    private readonly float[] _membrane;
    private readonly float[] _spikes;
    private readonly float[] _efficacy;
    private readonly float[] _release;
    private readonly float[] _resources;
    private readonly float[] _rates;
    private readonly int[] _refractory;
    private readonly float[] _field;
    private readonly float[] _signs;
    private readonly float[] _drive;
    private readonly int[] _sources;
    /// <summary>The short-term plasticity of the excitatory neurons (index 0) and of the inhibitory ones (index 1): U and the per-step decays.</summary>
    private readonly (bool On, float Baseline, float Facilitation, float Recovery)[] _shortTerm = new (bool, float, float, float)[2];

    /// <summary>Creates a network of <paramref name="neurons"/> LIF neurons.</summary>
    /// <param name="neurons">N, at least 1.</param>
    /// <param name="options">The options, validated here; null for the defaults.</param>
    /// <param name="random">The source of the connectivity and initial weights; null for <c>new Random(options.Seed)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="neurons"/> &lt; 1, N × N cannot be allocated, or an option is out of range.</exception>
    public RecurrentSpikingNetwork(int neurons, RecurrentSpikingOptions? options = null, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        options = (options ?? new RecurrentSpikingOptions()).Clone();
        options.Validate();
        _weights = new ParamState("W", neurons, neurons);
        _mask = LargeBuffers.ZeroedFor<float>((long)neurons * neurons, $"The connectivity mask of a RecurrentSpikingNetwork of {neurons} neurons");
        Seed = options.Seed;
        random ??= new Random(options.Seed);
        var w = _weights.AsSpan();
        for (int i = 0; i < neurons; i++)
        {
            for (int j = 0; j < neurons; j++)
            {
                // Two draws per pair, in row order, whether or not the synapse exists: the weights do not depend on p's history.
                double connect = random.NextDouble(), weight = random.NextDouble();
                if (i == j || connect >= options.ConnectionProbability) continue;
                _mask[i * neurons + j] = 1f;
                w[i * neurons + j] = (float)(weight * options.InitialWeightScale);
                ConnectionCount++;
            }
        }
        if (options.InputCount > 0)
        {
            // After W, one draw per element in row order: W is the same with or without input weights.
            _inputWeights = new ParamState("W_in", neurons, options.InputCount);
            var wIn = _inputWeights.AsSpan();
            for (int k = 0; k < wIn.Length; k++) wIn[k] = (float)(random.NextDouble() * options.InputWeightScale);
        }
        InputWeightScale = options.InputWeightScale;
        Leak = options.Leak;
        Threshold = options.Threshold;
        ResetPotential = options.ResetPotential;
        RefractorySteps = options.RefractorySteps;
        TimeStepMilliseconds = options.TimeStepMilliseconds;
        RateTimeConstant = options.RateTimeConstant;
        _shortTermOptions = options.ShortTermPlasticity?.Clone();
        _inhibitoryShortTermOptions = options.InhibitoryShortTermPlasticity?.Clone();
        static (bool, float, float, float) Constants(ShortTermPlasticityOptions? stp) => stp is null
            ? (false, 1f, 0f, 0f)
            : (true, stp.BaselineRelease, stp.FacilitationTimeConstant == 0 ? 0f : MathF.Exp(-1f / stp.FacilitationTimeConstant),
                stp.DepressionTimeConstant == 0 ? 0f : MathF.Exp(-1f / stp.DepressionTimeConstant));
        _shortTerm[0] = Constants(_shortTermOptions);
        _shortTerm[1] = Constants(_inhibitoryShortTermOptions ?? _shortTermOptions);
        _membrane = new float[neurons];
        _spikes = new float[neurons];
        _efficacy = new float[neurons];
        _release = new float[neurons];
        _resources = new float[neurons];
        _rates = new float[neurons];
        _refractory = new int[neurons];
        _field = new float[neurons];
        _sources = new int[neurons];
        _drive = new float[neurons];
        _current = new float[neurons];
        _signs = new float[neurons];
        InhibitoryCount = (int)(options.InhibitoryFraction * neurons);
        InhibitoryGain = options.InhibitoryGain;
        for (int j = 0; j < neurons; j++) _signs[j] = j >= neurons - InhibitoryCount ? -InhibitoryGain : 1f;
        Parameters = _inputWeights is null ? [_weights] : [_weights, _inputWeights];
        Reset();
    }

    /// <summary>Number of neurons.</summary>
    public int Size => _membrane.Length;

    /// <summary>The length of a step's input: M with input weights, else N (one current per neuron).</summary>
    public int InputSize => _inputWeights?.Columns ?? Size;

    /// <summary>W_in (N × M, row i the weights onto neuron i), the feed-forward input weights; null without input channels (<see cref="RecurrentSpikingOptions.InputCount"/> = 0).</summary>
    public ParamState? InputWeights => _inputWeights;

    /// <summary>The scale the input weights were drawn with.</summary>
    public float InputWeightScale { get; }

    /// <summary>The seed the options gave (<see cref="RecurrentSpikingOptions.Seed"/>); the connectivity and weights were drawn from it unless a <see cref="Random"/> was passed to the constructor.</summary>
    public int Seed { get; }

    /// <summary>Number of synapses (ones in <see cref="Mask"/>).</summary>
    public long ConnectionCount { get; }

    /// <summary>Inhibitory neurons: the last ones, <see cref="Size"/> − InhibitoryCount … <see cref="Size"/> − 1.</summary>
    public int InhibitoryCount { get; }

    /// <summary>g: an inhibitory spike arrives as <c>−g·W_ij e_j</c>.</summary>
    public float InhibitoryGain { get; }

    /// <summary>The sign and scale each neuron's spikes arrive with: 1, or −g for an inhibitory neuron.</summary>
    public ReadOnlySpan<float> TransmissionSigns => _signs;

    /// <summary>The membrane leak λ.</summary>
    public float Leak { get; }

    /// <summary>The firing threshold.</summary>
    public float Threshold { get; }

    /// <summary>The potential after a spike.</summary>
    public float ResetPotential { get; }

    /// <summary>Refractory steps after a spike.</summary>
    public int RefractorySteps { get; }

    /// <summary>The length of a step in milliseconds.</summary>
    public float TimeStepMilliseconds { get; }

    /// <summary>τ of the rate estimate, in steps.</summary>
    public float RateTimeConstant { get; }

    /// <summary>The short-term plasticity in force (a copy; changing it changes nothing); null for none.</summary>
    public ShortTermPlasticityOptions? ShortTermPlasticity => _shortTermOptions?.Clone();

    /// <summary>The inhibitory neurons' own short-term plasticity (a copy); null when they have <see cref="ShortTermPlasticity"/>.</summary>
    public ShortTermPlasticityOptions? InhibitoryShortTermPlasticity => _inhibitoryShortTermOptions?.Clone();

    private readonly ShortTermPlasticityOptions? _shortTermOptions, _inhibitoryShortTermOptions;

    /// <inheritdoc />
    public string WeightParameterName => _weights.Name;

    /// <inheritdoc />
    public ParamState W => _weights;

    /// <inheritdoc />
    public IReadOnlyList<ParamState> Parameters { get; }

    /// <summary>An object to lock while stepping or training the network.</summary>
    public object SyncRoot { get; } = new();

    /// <summary>The connectivity, row-major like W: 1 where the synapse j → i exists, 0 elsewhere.</summary>
    public ReadOnlySpan<float> Mask => _mask;

    /// <inheritdoc />
    public ReadOnlyMemory<float> WeightMask => _mask;

    /// <summary>The membrane potentials v.</summary>
    public ReadOnlySpan<float> Membrane => _membrane;

    /// <summary>The spikes (0/1) of the last step.</summary>
    public ReadOnlySpan<float> Spikes => _spikes;

    /// <summary>The efficacy each neuron's last spike arrives with at the next step (0 when it did not spike).</summary>
    public ReadOnlySpan<float> Efficacy => _efficacy;

    /// <summary>The short-term release probabilities u (1 when short-term plasticity is off).</summary>
    public ReadOnlySpan<float> Release => _release;

    /// <summary>The short-term available resources x (1 when short-term plasticity is off).</summary>
    public ReadOnlySpan<float> Resources => _resources;

    /// <summary>The rate estimates ν in spikes per step; <see cref="RateInHertz"/> converts them.</summary>
    public ReadOnlySpan<float> Rates => _rates;

    /// <summary>Refractory steps left, one per neuron.</summary>
    public ReadOnlySpan<int> RefractoryRemaining => _refractory;

    /// <summary>A rate in spikes per step expressed in Hz: <c>ν · 1000 / Δt[ms]</c>.</summary>
    public double RateInHertz(double spikesPerStep) => spikesPerStep * 1000.0 / TimeStepMilliseconds;

    /// <summary>Whether the synapse from <paramref name="pre"/> onto <paramref name="post"/> exists.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, N).</exception>
    public bool IsConnected(int post, int pre)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(post);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(post, Size);
        ArgumentOutOfRangeException.ThrowIfNegative(pre);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pre, Size);
        return _mask[post * Size + pre] != 0;
    }

    /// <inheritdoc />
    public ParamState GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var p in Parameters)
        {
            if (p.Name == name) return p;
        }
        throw new KeyNotFoundException($"RecurrentSpikingNetwork has no parameter '{name}'; it has: {string.Join(", ", Parameters.Select(p => p.Name))}.");
    }

    /// <summary>Clears the dynamic state: <c>v ← reset</c>, no spikes, <c>ν ← 0</c>, u = U, x = 1, no neuron refractory. W is kept.</summary>
    public void Reset()
    {
        _membrane.AsSpan().Fill(ResetPotential);
        Array.Clear(_spikes);
        Array.Clear(_efficacy);
        Array.Clear(_rates);
        Array.Clear(_refractory);
        int firstInhibitory = Size - InhibitoryCount;
        _release.AsSpan(0, firstInhibitory).Fill(_shortTerm[0].Baseline);
        _release.AsSpan(firstInhibitory).Fill(_shortTerm[1].Baseline);
        _resources.AsSpan().Fill(1f);
    }

    /// <summary>Advances one step without external input.</summary>
    /// <exception cref="NotFiniteNumberException">A neuron's membrane update overflows float32 (weights too large); the state is unchanged.</exception>
    public void Step() => Advance(ReadOnlySpan<float>.Empty);

    /// <summary>Advances one step with external input <paramref name="input"/>, as the class remarks describe.</summary>
    /// <exception cref="ArgumentException">The input's length differs from <see cref="InputSize"/>, it holds NaN or ∞, or (with input weights) its current <c>W_in x</c> is not finite; the state is unchanged.</exception>
    /// <exception cref="NotFiniteNumberException">The membrane update <c>λ v + Σ_j W_ij σ_j e_j + I</c> of a neuron not refractory
    /// overflows float32 to ±∞ or NaN (an input current or weights too large, such as ±3·10³⁸); the state is unchanged.</exception>
    public void Step(ReadOnlySpan<float> input)
    {
        Advance(Current(input));
    }

    /// <summary>Runs <paramref name="steps"/> steps with the same input each step.</summary>
    /// <returns>The spikes of each neuron over the run.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Step(ReadOnlySpan{float})"/>.</exception>
    /// <param name="input">The input of every step, as for <see cref="Step(ReadOnlySpan{float})"/>.</param>
    /// <param name="steps">The number of steps; ≥ 0.</param>
    /// <param name="cancellationToken">Checked before each step, as the other models' <c>Run</c> do.</param>
    /// <exception cref="NotFiniteNumberException">A membrane update overflows float32 at some step, as for <see cref="Step(ReadOnlySpan{float})"/>; the state is as it was before the call (the run is all or nothing).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the steps taken so far stay.</exception>
    public int[] Run(ReadOnlySpan<float> input, int steps, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var current = Current(input);
        var counts = new int[Size];
        var saved = SaveState();
        try
        {
            for (int s = 0; s < steps; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Advance(current);
                for (int i = 0; i < counts.Length; i++) counts[i] += (int)_spikes[i];
            }
        }
        catch (NotFiniteNumberException)
        {
            // An overflow undoes the whole run; a cancellation keeps the steps taken, as documented.
            RestoreState(saved);
            throw;
        }
        return counts;
    }

    /// <summary>
    /// The neurons' input current of <paramref name="input"/>, checked: the input itself (N values), or with input weights
    /// <c>W_in x</c> (M values in, into a buffer of the network's; the same whatever the input's history).
    /// </summary>
    private ReadOnlySpan<float> Current(ReadOnlySpan<float> input)
    {
        Guard.ThrowIfLengthMismatch(input.Length, InputSize, nameof(input));
        Guard.ThrowIfNotFinite(input, nameof(input));
        if (_inputWeights is null) return input;
        Blas.Gemv(_inputWeights.AsReadOnlySpan(), Size, input, _current);
        int bad = Guard.FirstNonFinite(_current);
        if (bad >= 0)
        {
            throw new ArgumentException($"The input current of neuron {bad}, Σ_j W_in[{bad}, j] x_j, is {_current[bad]}: W_in holds NaN or ∞, or the input is too large; the state is unchanged.", nameof(input));
        }
        return _current;
    }

    private void Advance(ReadOnlySpan<float> input)
    {
        int n = Size;
        RecurrentInput();
        // The new potentials first, into the field's buffer, checked before any state changes.
        for (int i = 0; i < n; i++)
        {
            if (_refractory[i] > 0) continue;
            float v = Leak * _membrane[i] + _field[i];
            if (!input.IsEmpty) v += input[i];
            if (!float.IsFinite(v)) throw MembraneOverflow(i, _field[i], input.IsEmpty ? 0f : input[i]);
            _field[i] = v;
        }
        for (int i = 0; i < n; i++)
        {
            if (_refractory[i] > 0)
            {
                _refractory[i]--;
                _spikes[i] = 0f;
                continue;
            }
            float v = _field[i];
            if (v >= Threshold)
            {
                _spikes[i] = 1f;
                v = ResetPotential;
                _refractory[i] = RefractorySteps;
            }
            else
            {
                _spikes[i] = 0f;
            }
            _membrane[i] = v;
        }
        UpdateShortTerm();
        float rate = 1f / RateTimeConstant;
        for (int i = 0; i < n; i++) _rates[i] += (_spikes[i] - _rates[i]) * rate;
    }

    /// <summary>
    /// The refusal of a membrane update <c>λ v + Σ_j W_ij σ_j e_j + I</c> that is not finite in float32. A potential of −∞
    /// would become NaN at a later step (0 · ∞ with λ = 0, ∞ − ∞ against a large input), and neither sign of an overflow
    /// is reliable (a partial sum may overflow where the exact sum does not), so +∞ is refused too rather than taken for a spike.
    /// </summary>
    private NotFiniteNumberException MembraneOverflow(int neuron, float field, float input)
    {
        float v = Leak * _membrane[neuron] + field + input;
        return new NotFiniteNumberException(
            $"The membrane potential of neuron {neuron} would be λ v + Σ_j W_ij σ_j e_j + I = {Leak} × {_membrane[neuron]} + {field} + {input} = {v}: " +
            "it overflows float32 (the input current or the weights are too large). The network's state is unchanged.",
            v);
    }

    /// <summary>
    /// <c>field = W (σ ⊙ e)</c>, from the neurons that spiked last step only: with few of them (at most N/8) each row
    /// gathers their columns in ascending order; otherwise one matrix-vector product over all of them.
    /// </summary>
    private void RecurrentInput()
    {
        int n = Size, count = 0;
        for (int j = 0; j < n; j++)
        {
            if (_efficacy[j] != 0) _sources[count++] = j;
        }
        if (count == 0)
        {
            Array.Clear(_field);
            return;
        }
        var w = _weights.AsReadOnlySpan();
        // σ_j e_j: multiplying by σ = 1 is exact, so an all-excitatory network gets e itself.
        TensorPrimitives.Multiply(_efficacy, _signs, _drive);
        if (count * 8 > n)
        {
            Blas.Gemv(w, n, _drive, _field);
            return;
        }
        var sources = _sources.AsSpan(0, count);
        for (int i = 0; i < n; i++)
        {
            var row = w.Slice(i * n, n);
            float h = 0f;
            foreach (int j in sources) h += row[j] * _drive[j];
            _field[i] = h;
        }
    }

    private void UpdateShortTerm()
    {
        // The excitatory neurons [0, first inhibitory), then the inhibitory ones, each with its own constants.
        int firstInhibitory = Size - InhibitoryCount;
        UpdateShortTerm(0, firstInhibitory, _shortTerm[0]);
        UpdateShortTerm(firstInhibitory, Size, _shortTerm[1]);
    }

    private void UpdateShortTerm(int from, int to, (bool On, float Baseline, float Facilitation, float Recovery) c)
    {
        if (!c.On)
        {
            _spikes.AsSpan(from, to - from).CopyTo(_efficacy.AsSpan(from));
            return;
        }
        float u0 = c.Baseline;
        for (int j = from; j < to; j++)
        {
            float u = u0 + (_release[j] - u0) * c.Facilitation;
            float x = 1f + (_resources[j] - 1f) * c.Recovery;
            float e = 0f;
            if (_spikes[j] != 0)
            {
                e = u * x;
                x -= e;
                u += u0 * (1f - u);
            }
            (_release[j], _resources[j], _efficacy[j]) = (u, x, e);
        }
    }

    /// <summary>A copy of the dynamic state, to restore after a failed or read-only run.</summary>
    internal SpikingState SaveState() => new(
        (float[])_membrane.Clone(), (float[])_spikes.Clone(), (float[])_efficacy.Clone(), (float[])_release.Clone(),
        (float[])_resources.Clone(), (float[])_rates.Clone(), (int[])_refractory.Clone());

    internal void RestoreState(SpikingState saved)
    {
        saved.Membrane.CopyTo(_membrane, 0);
        saved.Spikes.CopyTo(_spikes, 0);
        saved.Efficacy.CopyTo(_efficacy, 0);
        saved.Release.CopyTo(_release, 0);
        saved.Resources.CopyTo(_resources, 0);
        saved.Rates.CopyTo(_rates, 0);
        saved.Refractory.CopyTo(_refractory, 0);
    }

    internal float[] MaskBuffer => _mask;

    internal float[] RatesBuffer => _rates;

    /// <summary>The dynamic state of a <see cref="RecurrentSpikingNetwork"/>.</summary>
    internal sealed record SpikingState(float[] Membrane, float[] Spikes, float[] Efficacy, float[] Release, float[] Resources, float[] Rates, int[] Refractory);
}
