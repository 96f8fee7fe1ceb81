using System.Linq.Expressions;
using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// Applies a user's <see cref="LocalRule"/> to a feedforward layer, online: for each sample x (row order, for
/// <see cref="LocalRuleOptions.Epochs"/> passes) it computes y = Forward(x) with the current weights, updates the traces
/// <c>x̄ ← d·x̄ + x</c>, <c>ȳ ← d·ȳ + y</c>, and then
/// <c>w_ij ← clamp(w_ij + η_t (f(x_j, y_i, w_ij, x̄_j, ȳ_i, θ_i, m) − λ w_ij))</c>, t counting samples.
/// </summary>
/// <remarks>
/// <para>On the compiled path the rule runs over whole rows (a vectorised kernel for expressions, the specialised generic
/// driver for structs); on the step path synapse by synapse. Both give the same weights bit for bit.</para>
/// <para>A rule that throws (<see cref="LocalRuleException"/>), a non-finite weight at the end (<see cref="NotFiniteNumberException"/>),
/// a bad schedule value or a cancellation restores the weights, traces and update count they had before the call.
/// Traces persist across calls until <see cref="ResetTraces"/>.</para>
/// </remarks>
public sealed class LocalRuleLayerTrainer : Trainer<IFeedforwardModel, float[]>
{
    private readonly LocalRuleOptions _options;
    private readonly float[] _theta;
    private readonly float[] _preTrace;
    private readonly float[] _postTrace;
    private long _updates;

    /// <summary>Creates a trainer that applies <paramref name="rule"/> to <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="rule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="KeyNotFoundException">The model has no parameter named by <see cref="LocalRuleOptions.WeightParameter"/>.</exception>
    /// <exception cref="ArgumentException">The trained parameter is not (Outputs, Inputs).</exception>
    public LocalRuleLayerTrainer(IFeedforwardModel model, LocalRule rule, LocalRuleOptions? options = null)
        : base(model)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _options = (options ?? new LocalRuleOptions()).Clone();
        _options.Validate();
        Rule = rule;
        var target = TrainedParameter;
        if (target.Rows != model.Outputs || target.Columns != model.Inputs)
        {
            throw new ArgumentException($"Parameter '{target.Name}' has shape ({target.Rows}, {target.Columns}) but the layer needs ({model.Outputs}, {model.Inputs}).", nameof(options));
        }
        _theta = new float[model.Outputs];
        _preTrace = new float[model.Inputs];
        _postTrace = new float[model.Outputs];
    }

    /// <summary>Creates a trainer for the expression rule <paramref name="rule"/>, checked here.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="rule"/> is null.</exception>
    /// <exception cref="ArgumentException">The expression cannot be vectorised or captures a variable; the message names it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public LocalRuleLayerTrainer(IFeedforwardModel model, Expression<Func<Synapse, float>> rule, LocalRuleOptions? options = null)
        : this(model, LocalRule.FromExpression(rule), options)
    {
    }

    /// <summary>The rule applied.</summary>
    public LocalRule Rule { get; }

    /// <summary>A copy of the options in force.</summary>
    public LocalRuleOptions Options => _options.Clone();

    /// <summary>The global modulator m every synapse sees.</summary>
    /// <value>The default value is 1. Finite.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or ∞; the modulator keeps its old value.</exception>
    public float Modulator
    {
        get => _modulator;
        set => _modulator = LocalRuleEngine.CheckModulator(value);
    }

    private float _modulator = 1f;

    /// <summary>The per-output thresholds θ_i (a read-only view; <see cref="SetThresholds"/> changes them).</summary>
    public ReadOnlySpan<float> Thresholds => _theta;

    /// <summary>Updates (samples) applied so far: t of the learning-rate schedule.</summary>
    public long UpdateCount => _updates;

    /// <summary>The parameter this trainer writes.</summary>
    public ParamState TrainedParameter => Model.GetParameter(_options.WeightParameter ?? Model.WeightParameterName);

    /// <summary>Sets the thresholds θ_i.</summary>
    /// <exception cref="ArgumentException">The length differs from the number of outputs, or a value is NaN or ∞.</exception>
    public void SetThresholds(ReadOnlySpan<float> thresholds)
    {
        ValidateInput(thresholds, Model.Outputs, "thresholds");
        thresholds.CopyTo(_theta);
    }

    /// <summary>Clears both traces to zero.</summary>
    public void ResetTraces()
    {
        Array.Clear(_preTrace);
        Array.Clear(_postTrace);
    }

    /// <summary>Learns online from the rows of <paramref name="data"/> (samples × inputs).</summary>
    /// <inheritdoc />
    /// <exception cref="LocalRuleException">The rule threw; the message names the rule and the synapse; the model is unchanged.</exception>
    /// <exception cref="NotFiniteNumberException">The weights became NaN or ∞; they are rolled back.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The learning-rate schedule gave a negative or non-finite rate; the model is unchanged.</exception>
    public override void Train(Matrix data, CancellationToken cancellationToken = default)
    {
        int inputs = Model.Inputs, outputs = Model.Outputs;
        ValidateData(data, inputs, "inputs");
        cancellationToken.ThrowIfCancellationRequested();
        var target = TrainedParameter;
        ThrowIfNotFiniteBeforeTraining(target.AsReadOnlySpan(), target.Name, inputs);
        float[] w = target.Buffer;
        float[] saved = target.ToArray();
        float[] savedPre = (float[])_preTrace.Clone(), savedPost = (float[])_postTrace.Clone();
        long savedUpdates = _updates;
        try
        {
            Run(data, w, inputs, outputs, cancellationToken);
            long bad = Guard.FirstNonFinite(w);
            if (bad >= 0) throw LocalRuleEngine.NotFinite(Rule, w[bad], bad, inputs, fromRule: false);
            target.MarkChanged();
        }
        catch
        {
            target.CopyFrom(saved);
            savedPre.CopyTo(_preTrace, 0);
            savedPost.CopyTo(_postTrace, 0);
            _updates = savedUpdates;
            throw;
        }
    }

    /// <summary>The layer's output y = Forward(x) for one input.</summary>
    /// <exception cref="ArgumentException">The input's length differs from the layer's inputs, or it holds NaN or ∞.</exception>
    public override float[] Predict(ReadOnlySpan<float> input)
    {
        ValidateInput(input, Model.Inputs, "input");
        var y = new float[Model.Outputs];
        Model.Forward(input, y);
        return y;
    }

    private void Run(Matrix data, float[] w, int inputs, int outputs, CancellationToken cancellationToken)
    {
        bool compiled = IsCompiledPathActive;
        if (compiled) Rule.PrepareCompiled();
        var x = new float[inputs];
        var y = new float[outputs];
        var delta = new float[(long)outputs * inputs];
        var batch = new RuleBatch
        {
            Pre = x, PostT = y, PreTrace = _preTrace, PostTraceT = _postTrace, Theta = _theta, Modulator = Modulator,
            W = w, Delta = delta, Rows = outputs, Columns = inputs, Patterns = 1,
        };
        long total = (long)data.Rows * _options.Epochs, done = 0;
        float d = _options.TraceDecay;
        for (int epoch = 0; epoch < _options.Epochs; epoch++)
        {
            for (int s = 0; s < data.Rows; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                data.Row(s).CopyTo(x);
                Model.Forward(x, y);
                for (int j = 0; j < inputs; j++) _preTrace[j] = d * _preTrace[j] + x[j];
                for (int i = 0; i < outputs; i++) _postTrace[i] = d * _postTrace[i] + y[i];
                float rate = _options.RateAt(_updates);
                if (compiled) LocalRuleEngine.ComputeCompiled(Rule, batch, cancellationToken);
                else LocalRuleEngine.ComputeStep(Rule, batch, null, cancellationToken);
                LocalRuleEngine.Update(w, delta, w, rate, 1f, _options);
                _updates++;
                Report(TrainingPhase.Training, ++done, total);
            }
        }
    }
}
