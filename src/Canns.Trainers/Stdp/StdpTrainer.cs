using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// Trace-based online spike-timing-dependent plasticity on a <see cref="SpikingLayer"/>. Each time step, in this order:
/// <list type="number">
/// <item>the layer integrates the input spikes with the current W and its neurons may spike (see <see cref="SpikingLayer"/>);</item>
/// <item>the traces take this step's spikes: <c>x̄ ← d₊ x̄ + s_pre</c>, <c>ȳ ← d₋ ȳ + s_post</c>;</item>
/// <item>every synapse is updated from the new traces: <c>p = (s_post,i η A₊) x̄_j</c>, <c>d = (s_pre,j η A₋) ȳ_i</c>,
/// <c>w_ij ← w_ij + (p − d)</c> with hard bounds (clamped to [w_min, w_max]), soft bounds (p and d times
/// <c>w_max − w</c> and <c>w − w_min</c>) or none, as <see cref="StdpOptions.Bounds"/> says.</item>
/// </list>
/// A pre spike Δt &gt; 0 steps before a post spike thus changes the weight by <c>η A₊ d₊^Δt</c>, a post spike Δt steps
/// before a pre spike by <c>−η A₋ d₋^Δt</c>, and a coincident pair (Δt = 0) by <c>η (A₊ − A₋)</c> (hard bounds and no
/// other spikes; soft bounds scale each term by <c>w_max − w</c> or <c>w − w_min</c>).
/// </summary>
/// <remarks>
/// <para><b>Paths.</b> The step path calls the layer's own <see cref="SpikingLayer.Step"/> and applies the rule to all
/// outputs × inputs synapses, reporting progress per time step. The compiled path is event-driven (only the synapses of
/// inputs that spiked and of outputs that spiked change) in a kernel specialised per bounds mode, on a transposed copy
/// of W kept by the trainer and written back to the layer at the end of the call (progress is reported every 256
/// steps meanwhile); it gives bit-identical weights, spikes and state. The outputs are independent, so when a step is
/// big enough (inputs × ⌈outputs / 16⌉ ≥ 4,096, as for 1,000 → 100) it runs groups of 16-output vectors on up to
/// <see cref="CannsParallelism.MaxDegree"/> cores, each group through every step on its own; the result does not depend
/// on the number of cores. A layer whose transposed copy, with the outputs
/// rounded up to a multiple of 16, would pass <see cref="Array.MaxLength"/> elements takes the step path.</para>
/// <para><b>State.</b> Membrane potentials, traces and refractory counters live in the layer and persist across
/// <see cref="Train"/> calls (a raster may be fed in pieces), as does the step counter of the schedule;
/// <see cref="Reset"/> clears them. Prediction leaves them as they were.</para>
/// <para><b>Failure.</b> Input is checked before anything changes (the raster must hold only 0 and 1, W must lie within
/// the bounds); a cancellation, a bad scheduled rate, a weight that becomes NaN or ∞ or a membrane update that overflows
/// float32 restores the weights, the layer's state and the counter.</para>
/// </remarks>
public sealed class StdpTrainer : Trainer<SpikingLayer, float[]>
{
    private const int ChunkSteps = 256;
    private readonly StdpOptions _options;
    private StdpWorkspace? _workspace;
    private long _steps;

    /// <summary>Creates an STDP trainer for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (including w_min &gt; w_max).</exception>
    public StdpTrainer(SpikingLayer model, StdpOptions? options = null)
        : base(model)
    {
        _options = (options ?? new StdpOptions()).Clone();
        _options.Validate();
    }

    /// <summary>A copy of the options in force.</summary>
    public StdpOptions Options => _options.Clone();

    /// <summary>Time steps trained on since construction or <see cref="Reset"/>.</summary>
    public long StepCount => _steps;

    /// <summary>Output spikes emitted by the last <see cref="Train"/> call.</summary>
    public long LastPostSpikeCount { get; private set; }

    /// <summary>Clears the training state: the layer's membrane, traces and refractory counters, and the step counter. W is kept.</summary>
    public void Reset()
    {
        lock (Model.SyncRoot)
        {
            Model.Reset();
            _steps = 0;
        }
    }

    /// <summary>Trains on the spike raster <paramref name="data"/> (time steps × inputs, 0/1), continuing from the current state.</summary>
    /// <inheritdoc />
    /// <exception cref="ArgumentException">A value is not 0 or 1, or a weight lies outside the bounds; nothing changes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The schedule returned a bad rate, or one whose product with A₊ or A₋ overflows float32; nothing changes.</exception>
    /// <exception cref="NotFiniteNumberException">A weight became NaN or ∞ (amplitudes too large, or unbounded weights that overflow), or a
    /// membrane update overflowed float32 (the weights of the active inputs too large, see <see cref="SpikingLayer.Step"/>); nothing changes.</exception>
    public override void Train(Matrix data, CancellationToken cancellationToken = default) =>
        Run(data, null, cancellationToken);

    /// <summary>
    /// Trains with teacher-forced output spikes: <paramref name="postSpikes"/> (time steps × outputs, 0/1) replace the
    /// layer's own spikes and its membrane is left alone; traces and weights follow the rule exactly as in
    /// <see cref="Train"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">A raster is null.</exception>
    /// <exception cref="ArgumentException">A raster is empty, of the wrong width, holds a value other than 0 or 1, the two differ in
    /// length, or a weight lies outside the bounds; nothing changes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The schedule returned a bad rate, or one whose product with A₊ or A₋ overflows float32; nothing changes.</exception>
    /// <exception cref="NotFiniteNumberException">A weight became NaN or ∞ (amplitudes too large, or unbounded weights that overflow); nothing changes.
    /// (The membrane is left alone here, so it cannot overflow.)</exception>
    public void TrainClamped(Matrix preSpikes, Matrix postSpikes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(postSpikes);
        ValidateRaster(postSpikes, Model.Outputs, nameof(postSpikes), "outputs");
        ArgumentNullException.ThrowIfNull(preSpikes);
        if (preSpikes.Rows != postSpikes.Rows)
        {
            throw new ArgumentException($"preSpikes has {preSpikes.Rows} time steps but postSpikes has {postSpikes.Rows}.", nameof(postSpikes));
        }
        Run(preSpikes, postSpikes, cancellationToken);
    }

    /// <summary>The output spikes of one time step from the current state, without learning; the state is left as it was.</summary>
    /// <exception cref="ArgumentException">The input's length differs from the layer's inputs, or a value is not 0 or 1.</exception>
    /// <exception cref="NotFiniteNumberException">A membrane update overflows float32 (see <see cref="SpikingLayer.Step"/>); the state is left as it was.</exception>
    public override float[] Predict(ReadOnlySpan<float> input)
    {
        Guard.ThrowIfLengthMismatch(input.Length, Model.Inputs, "input", "inputs");
        SpikeRaster.ThrowIfNotBinary(input, "input");
        var post = new float[Model.Outputs];
        lock (Model.SyncRoot)
        {
            var saved = Model.SaveState();
            try
            {
                Model.Step(input, post);
            }
            finally
            {
                Model.RestoreState(saved);
            }
        }
        return post;
    }

    /// <summary>
    /// Runs the rows of <paramref name="inputs"/> as consecutive time steps from the current state, without learning,
    /// and returns each step's output spikes; the state is left as it was.
    /// </summary>
    /// <exception cref="ArgumentException">The raster is empty, of the wrong width, or holds a value other than 0 or 1.</exception>
    /// <exception cref="NotFiniteNumberException">A membrane update overflows float32 at some step (see <see cref="SpikingLayer.Step"/>); the state is left as it was.</exception>
    public override IReadOnlyList<float[]> PredictBatch(Matrix inputs, CancellationToken cancellationToken = default)
    {
        ValidateRaster(inputs, Model.Inputs, nameof(inputs), "inputs");
        var post = new Matrix(inputs.Rows, Model.Outputs);
        lock (Model.SyncRoot)
        {
            if (TryKernel(out var kernel))
            {
                // The kernel works on the workspace's copy of W and the state: the layer is left as it was.
                var ws = Workspace();
                ws.BuildActiveLists(inputs, nameof(inputs));
                ws.Load(Model, canonicalZeros: false, PartsFor());
                // In chunks, as training runs: the token is checked between them.
                for (int from = 0; from < inputs.Rows; from += ChunkSteps)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int to = Math.Min(inputs.Rows, from + ChunkSteps);
                    kernel.Run(NewRun(ws, inputs, null, post, learn: false, 0, from, to));
                    Report(TrainingPhase.PredictingBatch, to, inputs.Rows);
                }
            }
            else
            {
                var saved = Model.SaveState();
                try
                {
                    for (int t = 0; t < inputs.Rows; t++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        Model.Step(inputs.Row(t), post.Row(t));
                        Report(TrainingPhase.PredictingBatch, t + 1, inputs.Rows);
                    }
                }
                finally
                {
                    Model.RestoreState(saved);
                }
            }
        }
        var rows = new float[inputs.Rows][];
        for (int t = 0; t < rows.Length; t++) rows[t] = post.Row(t).ToArray();
        return rows;
    }

    private void Run(Matrix pre, Matrix? clampedPost, CancellationToken cancellationToken)
    {
        string name = clampedPost is null ? "data" : "preSpikes";
        bool compiled = TryKernel(out var kernel);
        // The compiled path checks the values while it lists the active inputs, before anything changes.
        ValidateRaster(pre, Model.Inputs, name, "inputs", checkValues: !compiled);
        cancellationToken.ThrowIfCancellationRequested();
        lock (Model.SyncRoot)
        {
            // The raster's values before the weights on both paths (the compiled one checks them while it lists the
            // active inputs), so a call with both wrong names the same problem on either.
            if (kernel is not null) Workspace().BuildActiveLists(pre, name);
            ValidateWeightsWithinBounds();
            long steps = _steps, spikes;
            if (kernel is not null)
            {
                spikes = CompiledPath(kernel, pre, name, clampedPost, ref steps, cancellationToken);
            }
            else
            {
                float[] savedW = Model.W.ToArray();
                var savedState = Model.SaveState();
                try
                {
                    spikes = StepPath(pre, clampedPost, ref steps, cancellationToken);
                    var w = Model.W.AsReadOnlySpan();
                    int k = Guard.FirstNonFinite(w);
                    if (k >= 0) throw Diverged(k / Model.Inputs, k % Model.Inputs, w[k]);
                    Model.W.MarkChanged();
                }
                catch
                {
                    Model.W.CopyFrom(savedW);
                    Model.RestoreState(savedState);
                    throw;
                }
            }
            _steps = steps;
            LastPostSpikeCount = spikes;
        }
    }

    /// <summary>
    /// The event-driven path on the workspace's transposed copy of W and the state, written back to the layer only when
    /// every chunk has run: a failure leaves the layer as it was. The caller has listed the raster's active inputs.
    /// </summary>
    private long CompiledPath(IStdpKernel kernel, Matrix pre, string name, Matrix? clampedPost, ref long steps, CancellationToken cancellationToken)
    {
        var ws = Workspace();
        ws.Load(Model, canonicalZeros: true, PartsFor());
        long spikes = 0, step = steps;
        for (int from = 0; from < pre.Rows; from += ChunkSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int to = Math.Min(pre.Rows, from + ChunkSteps);
            spikes += kernel.Run(NewRun(ws, pre, clampedPost, null, learn: true, step, from, to));
            step += to - from;
            Report(TrainingPhase.Training, to, pre.Rows);
        }
        if (ws.FirstNonFiniteWeight() is var (i, j, value)) throw Diverged(i, j, value);
        ws.Store(Model);
        Model.W.MarkChanged();
        steps = step;
        return spikes;
    }

    private NotFiniteNumberException Diverged(int output, int input, float value) => new(
        $"The update of W gives {value} at W[{output}, {input}]; likely cause: η·A₊ or η·A₋ is too large" +
        (_options.Bounds == StdpBounds.None ? " for unbounded weights (StdpBounds.None)" : "") + ". The weights and the layer's state are unchanged.",
        value);

    /// <summary>
    /// How many parts (of whole 16-output vectors, one a core) the event-driven kernel splits the outputs into: one
    /// when a core is all there is, or when a step's work (inputs × vectors of outputs) is too small to be worth handing
    /// to another core. It depends on the layer and <see cref="CannsParallelism.MaxDegree"/> only, so a trainer keeps
    /// its parts (and their blocks of W) from call to call.
    /// </summary>
    private int PartsFor()
    {
        int vectors = (Model.Outputs + 15) / 16;
        if (PartsOverride > 0) return Math.Min(PartsOverride, vectors);
        int degree = Math.Min(CannsParallelism.MaxDegree, Environment.ProcessorCount);
        if (degree < 2 || vectors < 2) return 1;
        return (long)Model.Inputs * vectors < MinimumParallelWork ? 1 : Math.Min(degree, vectors);
    }

    /// <summary>The least work a step (inputs × vectors of outputs) must have for the layer to run on several cores.</summary>
    internal const long MinimumParallelWork = 1 << 12;

    /// <summary>For tests: the number of parts to use whatever the size (0: chosen by <see cref="PartsFor"/>).</summary>
    internal int PartsOverride { get; set; }

    private StdpWorkspace Workspace()
    {
        if (_workspace is null || !_workspace.Fits(Model)) _workspace = new StdpWorkspace(Model.Outputs, Model.Inputs);
        return _workspace;
    }

    /// <summary>The dense step path: the layer's own step, then the rule on every synapse.</summary>
    private long StepPath(Matrix pre, Matrix? clampedPost, ref long steps, CancellationToken cancellationToken)
    {
        int m = Model.Outputs, n = Model.Inputs;
        var post = new float[m];
        float[] w = Model.W.Buffer, xbar = Model.PreTraceBuffer, ybar = Model.PostTraceBuffer;
        float lo = _options.MinWeight, hi = _options.MaxWeight;
        long spikes = 0;
        for (int t = 0; t < pre.Rows; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var s = pre.Row(t);
            if (clampedPost is null)
            {
                Model.Step(s, post);
            }
            else
            {
                clampedPost.Row(t).CopyTo(post);
                for (int j = 0; j < n; j++) xbar[j] = Model.PreTraceDecay * xbar[j] + s[j];
                for (int i = 0; i < m; i++) ybar[i] = Model.PostTraceDecay * ybar[i] + post[i];
            }
            float eta = _options.Schedule is null ? _options.LearningRate : Schedules.Checked(_options.Schedule, steps);
            var (aPlus, aMinus) = StdpUpdate.Amplitudes(eta, _options.APlus, _options.AMinus, steps);
            for (int i = 0; i < m; i++)
            {
                spikes += (long)post[i];
                var row = w.AsSpan(i * n, n);
                for (int j = 0; j < n; j++)
                {
                    float p = post[i] * aPlus * xbar[j];
                    float d = s[j] * aMinus * ybar[i];
                    row[j] = StdpUpdate.Apply(_options.Bounds, row[j], p, d, lo, hi);
                }
            }
            steps++;
            Report(TrainingPhase.Training, t + 1, pre.Rows);
        }
        return spikes;
    }

    private StdpRun NewRun(StdpWorkspace ws, Matrix pre, Matrix? clampedPost, Matrix? postOut, bool learn, long firstStep, int from, int to) => new()
    {
        Workspace = ws, Pre = pre, ClampedPost = clampedPost, PostOut = postOut,
        Leak = Model.Leak, Threshold = Model.Threshold, ResetPotential = Model.ResetPotential, RefractorySteps = Model.RefractorySteps,
        PreDecay = Model.PreTraceDecay, PostDecay = Model.PostTraceDecay,
        Learn = learn, APlus = _options.APlus, AMinus = _options.AMinus, Schedule = _options.Schedule, Rate = _options.LearningRate,
        FirstStep = firstStep, MinWeight = _options.MinWeight, MaxWeight = _options.MaxWeight, From = from, To = to,
    };

    private static void ValidateRaster(Matrix raster, int width, string name, string what, bool checkValues = true)
    {
        ArgumentNullException.ThrowIfNull(raster, name);
        if (raster.Rows == 0) throw new ArgumentException($"The spike raster {name} is empty: it has no time steps.", name);
        if (raster.Columns != width)
        {
            throw new ArgumentException($"The spike raster {name} has {raster.Columns} columns but the layer has {width} {what}.", name);
        }
        if (checkValues) SpikeRaster.ThrowIfNotBinary(raster, name);
    }

    private void ValidateWeightsWithinBounds()
    {
        var w = Model.W.AsReadOnlySpan();
        bool bounded = _options.Bounds != StdpBounds.None;
        // Vectorised first, in one pass (a NaN weight fails both comparisons; the bounds are finite, so ±∞ fails them too;
        // unbounded, a sum that is not finite may be large finite weights): the loop below only runs to name the weight at fault.
        if (bounded ? Blas.AllWithin(w, _options.MinWeight, _options.MaxWeight) : float.IsFinite(TensorPrimitives.Sum(w)))
        {
            return;
        }
        for (int k = 0; k < w.Length; k++)
        {
            float x = w[k];
            if (!float.IsFinite(x) || (bounded && (x < _options.MinWeight || x > _options.MaxWeight)))
            {
                throw new ArgumentException(
                    $"W[{k / Model.Inputs}, {k % Model.Inputs}] = {x} lies outside the bounds [{_options.MinWeight}, {_options.MaxWeight}] (or is not finite): " +
                    "set the weights within the bounds or choose StdpBounds.None.", "model");
            }
        }
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reached when CompiledPath.IsDynamicCodeSupported is true.")]
    private bool TryKernel([NotNullWhen(true)] out IStdpKernel? kernel)
    {
        // A layer whose padded, transposed copy would not fit one array takes the step path (same bits).
        kernel = IsCompiledPathActive && StdpWorkspace.CanHold(Model.Outputs, Model.Inputs) ? StdpKernels.For(_options.Bounds) : null;
        return kernel is not null;
    }
}
