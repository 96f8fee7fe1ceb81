namespace Canns.Models;

/// <summary>
/// A layer of leaky integrate-and-fire neurons driven by input spikes through W of shape (outputs, inputs), with
/// presynaptic and postsynaptic traces for spike-timing-dependent plasticity.
/// </summary>
/// <remarks>
/// <para>One <see cref="Step"/> with input spikes s_pre (0/1) does, in this order:</para>
/// <list type="number">
/// <item>for each output i not refractory: <c>v_i ← λ v_i + Σ_j W_ij s_pre,j</c> (the sum taken over the inputs that
/// spiked, in ascending order: a silent input adds nothing, even through a weight that has diverged to ±∞); it spikes when <c>v_i ≥ threshold</c>, then <c>v_i ← reset</c> and it stays refractory for
/// <see cref="RefractorySteps"/> steps, during which v_i is held and no spike occurs;</item>
/// <item>traces: <c>x̄ ← d₊ x̄ + s_pre</c>, <c>ȳ ← d₋ ȳ + s_post</c>.</item>
/// </list>
/// <para>The membrane potentials, traces and refractory counters are the dynamic state; <see cref="Reset"/> clears it
/// (weights are kept). The potentials are always finite: a step whose update of an output not refractory overflows
/// float32 is refused with a <see cref="NotFiniteNumberException"/> before it changes anything. The layer is not
/// thread-safe: lock <see cref="SyncRoot"/> (the trainers do).</para>
/// </remarks>
public sealed class SpikingLayer : IHasWeights
{
    /// <summary>The seed the options gave (<see cref="SpikingLayerOptions.Seed"/>); the initial weights were drawn from it unless a <see cref="Random"/> was passed to the constructor.</summary>
    public int Seed { get; }

    private readonly ParamState _weights;
    private readonly float[] _membrane;
    private readonly float[] _preTrace;
    private readonly float[] _postTrace;
    private readonly int[] _refractory;

    /// <summary>Scratch of <see cref="Step"/>: the new potentials, checked before any state changes.</summary>
    private readonly float[] _next;

    /// <summary>Creates a layer of <paramref name="outputs"/> LIF neurons driven by <paramref name="inputs"/> spike trains.</summary>
    /// <param name="inputs">Number of inputs, at least 1.</param>
    /// <param name="outputs">Number of outputs, at least 1.</param>
    /// <param name="options">The options, validated here; null for the defaults.</param>
    /// <param name="random">The source of the initial weights; null for <c>new Random(options.Seed)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is &lt; 1, outputs × inputs cannot be allocated, or an option is out of range.</exception>
    public SpikingLayer(int inputs, int outputs, SpikingLayerOptions? options = null, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        options = (options ?? new SpikingLayerOptions()).Clone();
        options.Validate();
        _weights = new ParamState("W", outputs, inputs);
        Seed = options.Seed;
        random ??= new Random(options.Seed);
        float scale = options.InitialWeightScale ?? 1f / MathF.Sqrt(inputs);
        foreach (ref float w in _weights.AsSpan()) w = (float)(random.NextDouble() * scale);
        Leak = options.Leak;
        Threshold = options.Threshold;
        ResetPotential = options.ResetPotential;
        RefractorySteps = options.RefractorySteps;
        PreTraceDecay = options.PreTraceDecay;
        PostTraceDecay = options.PostTraceDecay;
        _membrane = new float[outputs];
        _membrane.AsSpan().Fill(ResetPotential);
        _preTrace = new float[inputs];
        _postTrace = new float[outputs];
        _refractory = new int[outputs];
        _next = new float[outputs];
        Parameters = [_weights];
    }

    /// <summary>Number of inputs (columns of W).</summary>
    public int Inputs => _weights.Columns;

    /// <summary>Number of LIF neurons (rows of W).</summary>
    public int Outputs => _weights.Rows;

    /// <summary>The membrane leak λ.</summary>
    public float Leak { get; }

    /// <summary>The firing threshold.</summary>
    public float Threshold { get; }

    /// <summary>The potential after a spike.</summary>
    public float ResetPotential { get; }

    /// <summary>Refractory steps after a spike.</summary>
    public int RefractorySteps { get; }

    /// <summary>The presynaptic trace decay d₊ per step.</summary>
    public float PreTraceDecay { get; }

    /// <summary>The postsynaptic trace decay d₋ per step.</summary>
    public float PostTraceDecay { get; }

    /// <inheritdoc />
    public string WeightParameterName => _weights.Name;

    /// <inheritdoc />
    public ParamState W => _weights;

    /// <inheritdoc />
    public IReadOnlyList<ParamState> Parameters { get; }

    /// <summary>An object to lock while stepping or training the layer.</summary>
    public object SyncRoot { get; } = new();

    /// <summary>The membrane potentials v, one per output.</summary>
    public ReadOnlySpan<float> Membrane => _membrane;

    /// <summary>The presynaptic traces x̄, one per input.</summary>
    public ReadOnlySpan<float> PreTrace => _preTrace;

    /// <summary>The postsynaptic traces ȳ, one per output.</summary>
    public ReadOnlySpan<float> PostTrace => _postTrace;

    /// <summary>Refractory steps left, one per output.</summary>
    public ReadOnlySpan<int> RefractoryRemaining => _refractory;

    /// <inheritdoc />
    public ParamState GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name == _weights.Name
            ? _weights
            : throw new KeyNotFoundException($"SpikingLayer has no parameter '{name}'; it has: {_weights.Name}.");
    }

    /// <summary>Clears the dynamic state: <c>v ← reset</c>, <c>x̄ ← 0</c>, <c>ȳ ← 0</c>, no neuron refractory. W is kept.</summary>
    public void Reset()
    {
        _membrane.AsSpan().Fill(ResetPotential);
        Array.Clear(_preTrace);
        Array.Clear(_postTrace);
        Array.Clear(_refractory);
    }

    /// <summary>
    /// Advances one time step: integrates <paramref name="preSpikes"/>, writes the output spikes (0/1) into
    /// <paramref name="postSpikes"/> and updates both traces, as the class remarks describe.
    /// </summary>
    /// <exception cref="ArgumentException">A length differs from the layer's, or an input is not 0 or 1; the state is unchanged.</exception>
    /// <exception cref="NotFiniteNumberException">The membrane update <c>λ v + Σ_j W_ij s_pre,j</c> of an output not refractory
    /// overflows float32 to ±∞ or NaN (weights too large); the state is unchanged.</exception>
    public void Step(ReadOnlySpan<float> preSpikes, Span<float> postSpikes)
    {
        Guard.ThrowIfLengthMismatch(preSpikes.Length, Inputs, nameof(preSpikes), "inputs");
        Guard.ThrowIfLengthMismatch(postSpikes.Length, Outputs, nameof(postSpikes), "outputs");
        SpikeRaster.ThrowIfNotBinary(preSpikes, nameof(preSpikes));
        var w = _weights.AsReadOnlySpan();
        int n = Inputs;
        // The new potentials first, checked before any state changes: an update that overflows float32 is refused.
        for (int i = 0; i < Outputs; i++)
        {
            if (_refractory[i] > 0) continue;
            var row = w.Slice(i * n, n);
            // The inputs that spiked only, in ascending order (s_j is 0 or 1, so a term is the weight itself): a silent
            // input adds nothing even when its weight has diverged to ±∞ (0 · ∞ would make the sum NaN), which is also
            // the sum the event-driven STDP kernel forms from its list of active inputs.
            float h = 0f;
            for (int j = 0; j < n; j++)
            {
                if (preSpikes[j] != 0f) h += row[j];
            }
            float v = Leak * _membrane[i] + h;
            if (!float.IsFinite(v)) throw MembraneOverflow(i, Leak, _membrane[i], h);
            _next[i] = v;
        }
        for (int i = 0; i < Outputs; i++)
        {
            if (_refractory[i] > 0)
            {
                _refractory[i]--;
                postSpikes[i] = 0f;
                continue;
            }
            float v = _next[i];
            if (v >= Threshold)
            {
                postSpikes[i] = 1f;
                v = ResetPotential;
                _refractory[i] = RefractorySteps;
            }
            else
            {
                postSpikes[i] = 0f;
            }
            _membrane[i] = v;
        }
        for (int j = 0; j < n; j++) _preTrace[j] = PreTraceDecay * _preTrace[j] + preSpikes[j];
        for (int i = 0; i < Outputs; i++) _postTrace[i] = PostTraceDecay * _postTrace[i] + postSpikes[i];
    }

    /// <summary>
    /// The refusal of a membrane update <c>λ v + h</c> that is not finite in float32: the weights of the neuron's active
    /// inputs are so large that their sum (or its sum with the leaked potential) overflows, and a potential of ±∞ would
    /// turn into NaN at a later step (∞ − ∞, or 0 · ∞ with λ = 0). Its sign is not reliable either (a partial sum may
    /// overflow where the exact sum does not), so +∞ is refused as −∞ is, rather than taken for a spike.
    /// </summary>
    internal static NotFiniteNumberException MembraneOverflow(int output, float leak, float membrane, float input) => new(
        $"The membrane potential of output {output} would be λ v + Σ_j W_ij s_j = {leak} × {membrane} + {input} = {leak * membrane + input}: it overflows float32 " +
        "(the weights of the active inputs are too large). The layer's state is unchanged.",
        leak * membrane + input);

    internal float[] MembraneBuffer => _membrane;

    internal float[] PreTraceBuffer => _preTrace;

    internal float[] PostTraceBuffer => _postTrace;

    internal int[] RefractoryBuffer => _refractory;

    /// <summary>A copy of the dynamic state, to restore after a failed or read-only run.</summary>
    internal (float[] Membrane, float[] Pre, float[] Post, int[] Refractory) SaveState() =>
        ((float[])_membrane.Clone(), (float[])_preTrace.Clone(), (float[])_postTrace.Clone(), (int[])_refractory.Clone());

    internal void RestoreState((float[] Membrane, float[] Pre, float[] Post, int[] Refractory) saved)
    {
        saved.Membrane.CopyTo(_membrane, 0);
        saved.Pre.CopyTo(_preTrace, 0);
        saved.Post.CopyTo(_postTrace, 0);
        saved.Refractory.CopyTo(_refractory, 0);
    }
}
