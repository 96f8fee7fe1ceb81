using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// Selective plasticity around any trainer: the wrapped trainer computes each step's update of the model's weights as it
/// always does, and this trainer lets through only part of it where the past has claimed the synapse, so what earlier
/// tasks learned is not overwritten by the next one (the counterpart, for every rule of the library and every rule you
/// write, of the selective gate built into <see cref="PlasticityTrainer"/>).
/// </summary>
/// <typeparam name="TModel">The wrapped trainer's model type; the model itself must have named weights (<see cref="IHasWeights"/>).</typeparam>
/// <typeparam name="TPrediction">What the wrapped trainer predicts.</typeparam>
/// <remarks>
/// <para><b>The gate.</b> A step is one <see cref="Train"/> call: the wrapped trainer trains on the data, and with Δ its
/// change of the gated parameter (W unless <see cref="SelectiveTrainerOptions.Parameter"/> says otherwise), each element
/// gets <c>w ← w_before + g Δ</c> with
/// <c>g = 1 / (1 + (k/ē)(1 − w_s s) · e · (1 − |Δ|/D))</c>. Here e is the element's eligibility trace before the
/// step, ē the mean trace after the previous step, k the protection, s the step's surprise (see
/// <see cref="SelectiveTrainerOptions.SurpriseWeight"/>), w_s its weight, and <c>D = max(β D_prev, max|Δ|)</c> the size
/// of the largest update of recent steps (<see cref="PeakUpdate"/>, a peak that decays by β a step). The factor
/// 1 − |Δ|/D is the coincidence detector: an element moved as much as the largest updates of late (as a synapse whose two
/// neurons are both active) passes at the full rate; one the step only drags along (decay, depression by an unrelated
/// task) is held where its trace is high, also in steps where nothing but that drag happens. Then
/// <c>e ← β e + (1 − β)|Δ|</c>, with the ungated Δ.</para>
/// <para>During the first <see cref="SelectivePlasticityOptions.WarmupApplications"/> steps, and while every trace is 0,
/// every gate is 1 and the parameter is exactly what the wrapped trainer wrote (so is every element whose gate is 1).
/// With <see cref="SelectivePlasticityOptions.ThresholdPercentile"/>, only elements whose trace is above that percentile
/// of the synapses' traces (after the previous step; see <b>Scope</b>) are gated.</para>
/// <para><b>Granularity.</b> One call, one step, as an optimiser's step over a batch: feed the data in batches to gate
/// batch by batch. Trainers that keep statistics across calls (the Hebbian Gram) still add only their new contribution
/// each call, and that contribution is what is gated.</para>
/// <para><b>Failure.</b> The wrapped trainer's guarantees hold: if it throws (bad data, cancellation, divergence) the
/// model is as before and so are the traces. The gate itself cannot fail: each gated value lies between the old one and
/// the wrapped trainer's.</para>
/// <para><b>Progress.</b> While a call runs, the wrapped trainer reports to this trainer's <see cref="Trainer.Progress"/>
/// with this trainer's <see cref="Trainer.ShowProgress"/> and <see cref="Trainer.UseCompile"/> (its own settings are
/// put back afterwards, also when predictions overlap on several threads); a new wrapper starts with the wrapped trainer's settings.</para>
/// <para><b>Scope.</b> ē, the percentile, the surprise, D and the step's statistics are taken over the synapses: every
/// element of the parameter, except when the gated parameter is the weights of a model with a connectivity mask
/// (an <see cref="IMaskedWeights"/>, such as a <c>RecurrentSpikingNetwork</c>). Then only the existing synapses count and
/// are gated, as in <see cref="PlasticityTrainer"/>'s built-in gate; an absent synapse keeps a trace of 0 and whatever the
/// wrapped trainer wrote.</para>
/// <para><b>Cost.</b> A copy of the parameter before the call, then two passes over it (vectorised, on all cores), and
/// two float arrays of its size kept (the traces and the copy).</para>
/// </remarks>
public sealed class SelectiveTrainer<TModel, TPrediction> : Trainer<TModel, TPrediction>
    where TModel : class
{
    private readonly SelectiveTrainerOptions _options;
    private readonly ParamState _parameter;
    private readonly float[] _traces;
    private readonly ReadOnlyMemory<float> _mask;
    private readonly long _synapses;
    private float[]? _before;
    private long _steps;
    private float _meanTrace;
    private float _threshold;
    private float _peak;
    private readonly object _settingsLock = new();
    private int _lent;
    private (bool Show, bool Compile, IProgress<TrainingProgress>? Progress) _saved;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    /// <exception cref="ArgumentException">The wrapped trainer's model has no weights (is not an <see cref="IHasWeights"/>), or its <see cref="IMaskedWeights.WeightMask"/> does not have one element per weight.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="KeyNotFoundException">The model has no parameter named by <see cref="SelectiveTrainerOptions.Parameter"/>.</exception>
    public SelectiveTrainer(Trainer<TModel, TPrediction> inner, SelectiveTrainerOptions? options = null)
        : base((inner ?? throw new ArgumentNullException(nameof(inner))).Model)
    {
        _options = (options ?? new SelectiveTrainerOptions()).Clone();
        _options.Validate();
        var model = inner.Model as IHasWeights ?? throw new ArgumentException(
            $"Selective plasticity gates a model's weights, but {inner.Model.GetType().Name} (the model of {inner.GetType().Name}) has none: it is not an IHasWeights.", nameof(inner));
        Inner = inner;
        _parameter = model.GetParameter(_options.Parameter ?? model.WeightParameterName);
        _traces = new float[_parameter.Length];
        _synapses = _traces.Length;
        if (model is IMaskedWeights masked && _parameter.Name == model.WeightParameterName)
        {
            if (masked.WeightMask.Length != _traces.Length)
            {
                throw new ArgumentException(
                    $"{model.GetType().Name}'s weight mask has {masked.WeightMask.Length} elements but '{_parameter.Name}' has {_traces.Length}; the mask must cover the weights one to one.", nameof(inner));
            }
            _mask = masked.WeightMask;
            _synapses = masked.ConnectionCount;
        }
        ConfigureProgress(inner.ShowProgress, inner.UseCompile);
        Progress = inner.Progress;
    }

    /// <summary>The wrapped trainer.</summary>
    public Trainer<TModel, TPrediction> Inner { get; }

    /// <summary>A copy of the options in force.</summary>
    public SelectiveTrainerOptions Options => _options.Clone();

    /// <summary>The gated parameter.</summary>
    public ParamState GatedParameter => _parameter;

    /// <summary>Steps taken since construction or <see cref="ResetEligibility"/>.</summary>
    public long StepCount => _steps;

    /// <summary>The number of synapses the gate acts on: the existing ones of a masked model's weights (<see cref="IMaskedWeights.ConnectionCount"/>), else every element of the gated parameter.</summary>
    public long SynapseCount => _synapses;

    /// <summary>The eligibility traces, one per element of the gated parameter, in its layout (0 where a masked model has no synapse).</summary>
    public ReadOnlySpan<float> Eligibility => _traces;

    /// <summary>ē, the mean trace: it scales the next step's protection.</summary>
    public float MeanEligibility => _meanTrace;

    /// <summary>
    /// The adaptive threshold the next step uses (the <see cref="SelectivePlasticityOptions.ThresholdPercentile"/>-th
    /// nearest-rank percentile of the synapses' traces, see <see cref="SynapseCount"/>; 0 before any step); null without a percentile.
    /// </summary>
    public float? EligibilityThreshold => _options.Selective.ThresholdPercentile is null ? null : _threshold;

    /// <summary>D, the size of the largest update of recent steps (a peak of max|Δ| that decays by β a step): the scale against which coincidence is measured.</summary>
    public float PeakUpdate => _peak;

    /// <summary>What the last step did; null before any.</summary>
    public SelectiveStep? LastStep { get; private set; }

    /// <summary>
    /// Receives <see cref="LastStep"/> after every step (a record of the gate over a run); null for nowhere. It is called
    /// once the step is complete: an exception it throws comes out of <see cref="Train"/>, but the step stays taken.
    /// </summary>
    public IProgress<SelectiveStep>? Monitor { get; set; }

    /// <summary>Forgets the traces and the step count (the warm-up starts again); the model is left as it is.</summary>
    public void ResetEligibility()
    {
        Array.Clear(_traces);
        _steps = 0;
        _meanTrace = 0f;
        _threshold = 0f;
        _peak = 0f;
        LastStep = null;
    }

    /// <summary>A copy of the trainer's state: the traces, the step count and the peak D.</summary>
    public SelectiveTrainerState CaptureState() => new((float[])_traces.Clone(), _steps, _peak);

    /// <summary>
    /// Puts back a state from <see cref="CaptureState"/> (of this trainer or one on an equal model): the next step goes on
    /// exactly as it would have from there. ē and the adaptive threshold are recomputed from the traces;
    /// <see cref="LastStep"/> becomes null.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> or its traces are null.</exception>
    /// <exception cref="ArgumentException">The traces are not one per element of the gated parameter, or one is negative, NaN or ∞, or not 0 where a masked model has no synapse; or the step count or D is out of range. The trainer is unchanged.</exception>
    public void RestoreState(SelectiveTrainerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(state.Eligibility, nameof(state));
        var traces = state.Eligibility;
        if (traces.Length != _traces.Length)
        {
            throw new ArgumentException($"The state has {traces.Length} traces but '{_parameter.Name}' has {_traces.Length} elements.", nameof(state));
        }
        for (int k = 0; k < traces.Length; k++)
        {
            if (!(traces[k] >= 0 && float.IsFinite(traces[k]))) throw new ArgumentException($"The state's trace {k} is {traces[k]}; traces are finite and ≥ 0.", nameof(state));
        }
        if (!_mask.IsEmpty)
        {
            var mask = _mask.Span;
            for (int k = 0; k < traces.Length; k++)
            {
                if (mask[k] == 0 && traces[k] != 0) throw new ArgumentException($"The state's trace {k} is {traces[k]}, but the model has no synapse there (its trace is 0).", nameof(state));
            }
        }
        if (state.Steps < 0) throw new ArgumentException($"The state's step count ({state.Steps}) is negative.", nameof(state));
        if (!(state.PeakUpdate >= 0 && float.IsFinite(state.PeakUpdate))) throw new ArgumentException($"The state's peak update ({state.PeakUpdate}) must be finite and ≥ 0.", nameof(state));
        Array.Copy(traces, _traces, traces.Length);
        _steps = state.Steps;
        _peak = state.PeakUpdate;
        _meanTrace = MeanOf(SelectiveGate.TraceSum(_traces, _traces.Length));
        UpdateThreshold();
        LastStep = null;
    }

    /// <summary>One step: the wrapped trainer trains on <paramref name="data"/>, and its change of the gated parameter is gated.</summary>
    /// <inheritdoc />
    public override void Train(Matrix data, CancellationToken cancellationToken = default)
    {
        // The wrapped trainer's write and the gate's are one step: a thread holding the model's lock sees W before or
        // after it, never the ungated update in between (the wrapped trainer takes the same lock, which is re-entrant).
        if (SyncRootOf(Model) is { } syncRoot)
        {
            lock (syncRoot) Step(data, cancellationToken);
        }
        else
        {
            Step(data, cancellationToken);
        }
    }

    /// <summary>The lock the model's docs ask writers to hold (its <c>SyncRoot</c>); null for models without one.</summary>
    private static object? SyncRootOf(TModel model) => model switch
    {
        IRecurrentNetwork network => network.SyncRoot,
        RecurrentSpikingNetwork network => network.SyncRoot,
        SpikingLayer layer => layer.SyncRoot,
        _ => null,
    };

    private void Step(Matrix data, CancellationToken cancellationToken)
    {
        float[] w = _parameter.Buffer;
        int length = w.Length;
        float[] before = _before ??= new float[length];
        Array.Copy(w, before, length);
        WithSettings(() => Inner.Train(data, cancellationToken));

        var selective = _options.Selective;
        var measures = SelectiveGate.Measure(before, w, _traces, length, _mask);
        double surprise = measures.Surprise;
        bool gated = _steps + 1 > selective.WarmupApplications && _meanTrace > 0f;
        // k and ē apart (the gate divides e by ē): once the traces have decayed to subnormals k/ē would be ∞.
        float scale = gated ? selective.Protection * (float)(1.0 - _options.SurpriseWeight * surprise) : 0f;
        float? threshold = selective.ThresholdPercentile is null ? null : _threshold;
        float peak = MathF.Max(selective.TraceDecay * _peak, measures.MaxDelta);
        var constants = new SelectiveGate.Constants(scale, gated ? _meanTrace : 1f, threshold ?? -1f, peak > 0 ? peak : 1f, selective.TraceDecay);
        var totals = SelectiveGate.Apply(before, w, _traces, length, constants, _mask);
        _parameter.MarkChanged();
        _steps++;
        _peak = peak;
        _meanTrace = MeanOf(totals.TraceSum);
        UpdateThreshold();
        LastStep = new SelectiveStep(_steps, scale > 0f, surprise, _synapses == 0 ? 1 : totals.GateSum / _synapses,
            _synapses == 0 ? 0 : (double)totals.Protected / _synapses, _meanTrace, threshold);
        Monitor?.Report(LastStep);
    }

    /// <summary>The wrapped trainer's prediction.</summary>
    /// <inheritdoc />
    public override TPrediction Predict(ReadOnlySpan<float> input)
    {
        Swap();
        try
        {
            return Inner.Predict(input);
        }
        finally
        {
            Restore();
        }
    }

    /// <summary>The wrapped trainer's batched prediction.</summary>
    /// <inheritdoc />
    public override IReadOnlyList<TPrediction> PredictBatch(Matrix inputs, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<TPrediction>? results = null;
        WithSettings(() => results = Inner.PredictBatch(inputs, cancellationToken));
        return results!;
    }

    /// <summary>ē from the traces' sum (added chunk by chunk, as both the step and a restore do) over the synapses; 0 for none.</summary>
    private float MeanOf(double traceSum) => _synapses == 0 ? 0f : (float)(traceSum / _synapses);

    /// <summary>
    /// The adaptive threshold from the current traces of the synapses (0 when there are none); nothing without a
    /// percentile. The absent synapses of a masked model hold traces of exactly 0, the smallest there are, so the
    /// percentile's rank among the synapses is its rank among all the traces after them.
    /// </summary>
    private void UpdateThreshold()
    {
        if (_options.Selective.ThresholdPercentile is not { } percentile) return;
        if (_synapses == 0)
        {
            _threshold = 0f;
            return;
        }
        int absent = (int)(_traces.Length - _synapses);
        _threshold = Selection.SelectNonNegative(_traces, absent + PlasticityTrainer.PercentileRank(percentile, (int)_synapses));
    }

    private void WithSettings(Action action)
    {
        Swap();
        try
        {
            action();
        }
        finally
        {
            Restore();
        }
    }

    /// <summary>
    /// Lends this trainer's settings to the wrapped one. Calls may overlap (concurrent predictions): the first to come in
    /// saves the wrapped trainer's own settings and the last to leave puts them back.
    /// </summary>
    private void Swap()
    {
        lock (_settingsLock)
        {
            if (_lent++ > 0) return;
            _saved = (Inner.ShowProgress, Inner.UseCompile, Inner.Progress);
            Inner.ConfigureProgress(ShowProgress, UseCompile);
            Inner.Progress = Progress;
        }
    }

    private void Restore()
    {
        lock (_settingsLock)
        {
            if (--_lent > 0) return;
            Inner.ConfigureProgress(_saved.Show, _saved.Compile);
            Inner.Progress = _saved.Progress;
            _saved = default;
        }
    }
}
