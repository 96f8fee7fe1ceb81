using System.Linq.Expressions;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// Applies a user's <see cref="LocalRule"/> to a recurrent network: each <c>Train</c> call is one batch update
/// <c>w_ij ← clamp(w_ij + η_t (s·Σ_p f(x_pj, x_pi, w_ij, x̄_pj, x̄_pi, θ_i, m) − λ w_ij))</c> with pre = post =
/// the (optionally centred) pattern, w fixed at its value before the call, s = 1/P when normalising, and the diagonal
/// zeroed when asked. Recall (<c>Predict</c>, <c>PredictBatch</c>) runs the network's dynamics.
/// </summary>
/// <remarks>
/// <para><b>Paths.</b> On the compiled path an expression rule runs as a vectorised kernel compiled once per rule and
/// configuration; when it is affine in x_j, x_i and x_j·x_i with coefficients of w, θ and m only (Hebbian, covariance,
/// decay, multiplicative soft bounds, …) the sum over patterns becomes one Gram-matrix product plus one vector pass
/// over W. A struct rule runs through a generic driver the JIT specialises. The step path evaluates the rule synapse by
/// synapse, pattern by pattern. Both give the same W: bit for bit for row kernels, within float rounding (≈1e-6
/// relative) when the Gram form is used. Where dynamic code is unsupported the compiled path falls back to the step path.</para>
/// <para><b>Traces.</b> x̄ ← d·x̄ + x_p over the patterns in row order, kept across calls (<see cref="ResetTraces"/>), with
/// x_p as the rule sees it: centred (x_p − ρ, each call's own ρ) under <see cref="RuleCentering.GlobalMean"/>.</para>
/// <para><b>Failures.</b> W is written only at the end of a successful call: a rule that throws (<see cref="LocalRuleException"/>,
/// naming the rule and synapse), a non-finite result (<see cref="NotFiniteNumberException"/>), a bad schedule value or a
/// cancellation leaves the model and the traces unchanged.</para>
/// </remarks>
public sealed class LocalRuleTrainer : HopfieldTrainer
{
    private float[]? _delta;
    private float[]? _gram;
    private float[]? _packedGram;
    private readonly LocalRuleOptions _options;
    private readonly float[] _theta;
    private float[] _trace;
    private long _updates;

    /// <summary>Creates a trainer that applies <paramref name="rule"/> to <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="rule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="KeyNotFoundException">The model has no parameter named by <see cref="LocalRuleOptions.WeightParameter"/>.</exception>
    /// <exception cref="ArgumentException">The trained parameter is not N × N.</exception>
    public LocalRuleTrainer(IRecurrentNetwork model, LocalRule rule, LocalRuleOptions? options = null, RecallOptions? recall = null)
        : base(model, recall)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _options = (options ?? new LocalRuleOptions()).Clone();
        _options.Validate();
        Rule = rule;
        var target = TrainedParameter;
        if (target.Rows != model.Size || target.Columns != model.Size)
        {
            throw new ArgumentException($"Parameter '{target.Name}' has shape ({target.Rows}, {target.Columns}) but a recurrent rule needs ({model.Size}, {model.Size}).", nameof(options));
        }
        _theta = new float[model.Size];
        _trace = new float[model.Size];
    }

    /// <summary>Creates a trainer for the expression rule <paramref name="rule"/>, checked here.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="rule"/> is null.</exception>
    /// <exception cref="ArgumentException">The expression cannot be vectorised or captures a variable; the message names it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public LocalRuleTrainer(IRecurrentNetwork model, Expression<Func<Synapse, float>> rule, LocalRuleOptions? options = null, RecallOptions? recall = null)
        : this(model, LocalRule.FromExpression(rule), options, recall)
    {
    }

    /// <summary>The rule applied.</summary>
    public LocalRule Rule { get; }

    /// <summary>A copy of the options in force.</summary>
    public LocalRuleOptions Options => _options.Clone();

    /// <summary>The global modulator m every synapse sees (reward, dopamine-like third factor).</summary>
    /// <value>The default value is 1. Finite.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or ∞; the modulator keeps its old value.</exception>
    public float Modulator
    {
        get => _modulator;
        set => _modulator = LocalRuleEngine.CheckModulator(value);
    }

    private float _modulator = 1f;

    /// <summary>The per-neuron thresholds θ_i the rule sees (a read-only view; <see cref="SetThresholds"/> changes them).</summary>
    public ReadOnlySpan<float> Thresholds => _theta;

    /// <summary>The trace x̄ carried to the next call (a read-only view, valid until the next <c>Train</c>).</summary>
    public ReadOnlySpan<float> Trace => _trace;

    /// <summary>Updates applied so far (t of the learning-rate schedule).</summary>
    public long UpdateCount => _updates;

    /// <summary>The parameter this trainer writes.</summary>
    public ParamState TrainedParameter => Model.GetParameter(_options.WeightParameter ?? Model.WeightParameterName);

    /// <summary>Sets the thresholds θ_i.</summary>
    /// <exception cref="ArgumentException">The length differs from the network's size, or a value is NaN or ∞.</exception>
    public void SetThresholds(ReadOnlySpan<float> thresholds)
    {
        ValidateInput(thresholds, Model.Size, "thresholds");
        thresholds.CopyTo(_theta);
    }

    /// <summary>Clears the trace to zero.</summary>
    public void ResetTraces() => Array.Clear(_trace);

    /// <summary>Applies the rule to the rows of <paramref name="data"/> (P × N) as one batch update.</summary>
    /// <inheritdoc />
    /// <exception cref="LocalRuleException">The rule threw; the message names the rule and the synapse.</exception>
    /// <exception cref="NotFiniteNumberException">The rule or the update gave NaN or ∞; W is rolled back.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The learning-rate schedule gave a negative or non-finite rate.</exception>
    public override void Train(Matrix data, CancellationToken cancellationToken = default)
    {
        int n = Model.Size;
        ValidateData(data, n);
        cancellationToken.ThrowIfCancellationRequested();
        var target = TrainedParameter;
        ThrowIfNotFiniteBeforeTraining(target.AsReadOnlySpan(), target.Name, n);
        float rate = _options.RateAt(_updates);
        int patterns = data.Rows;
        float[] x = Centered(data);
        float[] nextTrace = (float[])_trace.Clone();
        float[] preTrace = [], postTraceT = [];
        if (Rule.UsesTraces)
        {
            preTrace = new float[x.Length];
            for (int p = 0; p < patterns; p++)
            {
                for (int j = 0; j < n; j++) nextTrace[j] = _options.TraceDecay * nextTrace[j] + x[(long)p * n + j];
                nextTrace.CopyTo(preTrace, (long)p * n);
            }
            postTraceT = Transpose(preTrace, patterns, n);
        }

        float[] w = target.Buffer;
        // Δ (then the next W) and the Gram matrix go to buffers kept for later calls: every path writes all of Δ and G.
        var delta = LargeBuffers.Kept(ref _delta, (long)n * n);
        bool compiled = IsCompiledPathActive;
        if (compiled) Rule.PrepareCompiled();
        if (compiled && Rule.GramKernel is { } gram && !Rule.UsesTraces)
        {
            GramPath(gram, x, patterns, n, w, delta, cancellationToken);
        }
        else
        {
            var batch = new RuleBatch
            {
                Pre = x, PostT = Transpose(x, patterns, n), PreTrace = preTrace, PostTraceT = postTraceT, Theta = _theta, Modulator = Modulator,
                W = w, Delta = delta, Rows = n, Columns = n, Patterns = patterns,
            };
            if (compiled) LocalRuleEngine.ComputeCompiled(Rule, batch, cancellationToken);
            else LocalRuleEngine.ComputeStep(Rule, batch, IsReporting ? p => Report(TrainingPhase.Training, p + 1, patterns) : null, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();

        long bad = Guard.FirstNonFinite(delta);
        if (bad >= 0) throw LocalRuleEngine.NotFinite(Rule, delta[bad], bad, n, fromRule: true);
        var next = delta;
        float scale = _options.NormalizeByPatternCount ? 1f / patterns : 1f;
        LocalRuleEngine.Update(w, delta, next, rate, scale, _options);
        if (_options.ZeroDiagonal)
        {
            for (int i = 0; i < n; i++) next[(long)i * n + i] = 0f;
        }
        bad = Guard.FirstNonFinite(next);
        if (bad >= 0) throw LocalRuleEngine.NotFinite(Rule, next[bad], bad, n, fromRule: false);

        // The step path has reported each pattern; the compiled path reports once, here. Either way before the commit, so
        // a progress handler that throws leaves W, the trace and the update count as they were.
        if (compiled) Report(TrainingPhase.Training, patterns, patterns);
        lock (Model.SyncRoot)
        {
            target.CopyFrom(next);
        }
        _trace = nextTrace;
        _updates++;
    }

    private void GramPath(GramRowKernel kernel, float[] x, int patterns, int n, float[] w, float[] delta, CancellationToken cancellationToken)
    {
        // G = Σ_p x_p x_pᵀ by the symmetric rank-k kernel into a packed lower triangle, unpacked row by row and mirrored.
        var packed = LargeBuffers.Kept(ref _packedGram, PackedLower.Length(n));
        Blas.SyrkLower(x, 0, patterns, n, packed, accumulate: false);
        var g = LargeBuffers.Kept(ref _gram, (long)n * n);
        LocalRuleEngine.RunParallel(n, i => packed.AsSpan((int)PackedLower.RowStart(i), i + 1).CopyTo(g.AsSpan(i * n, i + 1)), cancellationToken);
        Blas.MirrorLower(g, n);
        var sums = new float[n];
        for (int p = 0; p < patterns; p++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(sums, x.AsSpan(p * n, n), sums);
        }
        float modulator = Modulator, count = patterns;
        float[] theta = _theta;
        LocalRuleEngine.RunParallel(n, i => kernel(g, sums, w, delta, i * n, n, sums[i], count, theta[i], modulator), cancellationToken);
    }

    private float[] Centered(Matrix data)
    {
        if (_options.Centering == RuleCentering.None) return data.Data;
        double total = 0;
        foreach (float v in data.AsSpan()) total += v;
        float rho = (float)(total / data.Data.Length);
        var x = new float[data.Data.Length];
        System.Numerics.Tensors.TensorPrimitives.Subtract(data.AsSpan(), rho, x);
        return x;
    }

    private static float[] Transpose(float[] x, int rows, int columns)
    {
        var t = new float[x.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++) t[(long)c * rows + r] = x[(long)r * columns + c];
        }
        return t;
    }
}
