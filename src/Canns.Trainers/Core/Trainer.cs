using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// The contract every trainer follows: <see cref="Train"/> learns from data, <see cref="ConfigureProgress"/> turns
/// progress reports and the compiled path on or off. Derive from <see cref="Trainer{TModel,TPrediction}"/> to
/// also get <c>Predict</c> and <c>PredictBatch</c>.
/// </summary>
/// <remarks>
/// Progress goes to <see cref="Progress"/> (never to the console); rendering is the caller's business. With
/// <see cref="ShowProgress"/> false no report object is even created.
/// </remarks>
public abstract class Trainer
{
    /// <summary>Whether progress is reported to <see cref="Progress"/>.</summary>
    /// <value>The default value is true.</value>
    public bool ShowProgress { get; private set; } = true;

    /// <summary>Whether the fast compiled path is asked for (false: the step-by-step path).</summary>
    /// <value>The default value is true.</value>
    public bool UseCompile { get; private set; } = true;

    /// <summary>True when the compiled path will actually run: asked for, and dynamic code is supported.</summary>
    public bool IsCompiledPathActive => UseCompile && CompiledPath.IsDynamicCodeSupported;

    /// <summary>
    /// Where progress reports go; null for nowhere. A batch of probes may finish on several threads, so
    /// <c>PredictBatch</c> may report from worker threads, but never two reports at once, and its
    /// <see cref="TrainingProgress.Item"/> counts arrive in order.
    /// </summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Turns progress reports and the compiled path on or off.</summary>
    /// <param name="showProgress">Report progress to <see cref="Progress"/>.</param>
    /// <param name="useCompile">Run the fused compiled kernels (true) or the step-by-step path that reports every iteration (false).</param>
    /// <returns>This trainer, for chaining.</returns>
    public Trainer ConfigureProgress(bool showProgress = true, bool useCompile = true)
    {
        ShowProgress = showProgress;
        UseCompile = useCompile;
        return this;
    }

    /// <summary>Learns from <paramref name="data"/>, one pattern, sample or time step per row.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data are empty, of the wrong width, or hold NaN or ∞; the model is unchanged.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the model is unchanged.</exception>
    public abstract void Train(Matrix data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Wraps this trainer in a <see cref="SelectiveTrainer{TModel, TPrediction}"/> of its own model and prediction
    /// types (the untyped counterpart of <c>WithSelectivePlasticity</c>, for trainers that come from an
    /// <see cref="ITrainerFactory"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The trainer does not derive from <see cref="Trainer{TModel, TPrediction}"/>, or its model has no weights.</exception>
    internal virtual Trainer WrapSelective(SelectiveTrainerOptions? options) =>
        throw new ArgumentException(
            $"{GetType().Name} derives from Trainer directly; selective plasticity wraps trainers derived from Trainer<TModel, TPrediction> whose model has weights (IHasWeights).",
            "trainer");

    /// <summary>True when a report would reach anyone; check it before building a report in a hot loop.</summary>
    protected bool IsReporting => ShowProgress && Progress is not null;

    /// <summary>Sends a report when progress is on.</summary>
    protected void Report(TrainingPhase phase, long item, long total, int iteration = 0, double? energy = null)
    {
        // Progress read once: another thread may clear it between a check and the call.
        if (ShowProgress && Progress is { } progress) progress.Report(new TrainingProgress(phase, item, total, iteration, energy));
    }

    /// <summary>
    /// The per-probe callback of a batch whose probes finish on several threads: each call counts one probe and reports
    /// <see cref="TrainingPhase.PredictingBatch"/> with the count, under a lock, so the sink gets one report at a time
    /// with the counts in order (1, 2, …, <paramref name="total"/>), as from a batch run on one thread. Once a report
    /// has thrown, later probes report nothing, so the handler's exception comes out of the batch once.
    /// </summary>
    private protected Action<int> BatchReporter(long total)
    {
        var gate = new Lock();
        long done = 0;
        bool failed = false;
        return _ =>
        {
            lock (gate)
            {
                if (failed) return;
                failed = true;
                Report(TrainingPhase.PredictingBatch, ++done, total);
                failed = false;
            }
        };
    }

    /// <summary>Checks the common preconditions of training data: not null, not empty, the given width, finite.</summary>
    protected static void ValidateData(Matrix data, int expectedColumns, string what = "neurons")
    {
        ValidateShape(data, expectedColumns, what);
        Guard.ThrowIfNotFinite(data, nameof(data));
    }

    /// <summary>
    /// <see cref="ValidateData"/> without the finite check, for trainers whose first pass over the data finds non-finite
    /// values anyway (and then throws what <see cref="ValidateData"/> would).
    /// </summary>
    internal static void ValidateShape(Matrix data, int expectedColumns, string what = "neurons")
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Rows == 0) throw new ArgumentException("The training set is empty: it has no rows.", nameof(data));
        if (data.Columns != expectedColumns)
        {
            throw new ArgumentException($"The training data have {data.Columns} columns but the model has {expectedColumns} {what}.", nameof(data));
        }
    }

    /// <summary>Checks a batch of probes: not null, not empty, one column per neuron.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">The batch is empty or its width differs from <paramref name="neurons"/>.</exception>
    protected static void ValidateProbes(Matrix inputs, int neurons)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rows == 0) throw new ArgumentException("The batch of probes is empty.", nameof(inputs));
        if (inputs.Columns != neurons)
        {
            throw new ArgumentException($"The probes have {inputs.Columns} columns but the model has {neurons} neurons.", nameof(inputs));
        }
    }

    /// <summary>Checks one input vector (a probe, a sample, thresholds): the expected length, and finite values.</summary>
    /// <param name="input">The values.</param>
    /// <param name="expectedLength">The length the model needs.</param>
    /// <param name="what">The argument's name for the message.</param>
    /// <exception cref="ArgumentException">The length differs from <paramref name="expectedLength"/>, or a value is NaN or ∞.</exception>
    protected static void ValidateInput(ReadOnlySpan<float> input, int expectedLength, string what = "input")
    {
        Guard.ThrowIfLengthMismatch(input.Length, expectedLength, what, "units");
        Guard.ThrowIfNotFinite(input, what);
    }

    /// <summary>
    /// Refuses a parameter that already holds NaN or ∞ before training (written by something else), naming the first
    /// such element as <c>name[row, column]</c>, so the failure is not blamed later on the learning rate.
    /// </summary>
    /// <exception cref="ArgumentException">A value is NaN or ∞.</exception>
    internal static void ThrowIfNotFiniteBeforeTraining(ReadOnlySpan<float> values, string name, int columns)
    {
        int k = Guard.FirstNonFinite(values);
        if (k >= 0)
        {
            throw new ArgumentException($"{name}[{k / columns}, {k % columns}] = {values[k]} before training: the model's parameters must be finite.", "model");
        }
    }

    /// <summary>
    /// Writes <paramref name="candidate"/> into <paramref name="target"/> only when every value is finite: the
    /// all-or-nothing commit a custom trainer needs so that a diverging update leaves the model as it was.
    /// </summary>
    /// <param name="target">The parameter to write.</param>
    /// <param name="candidate">The new values, computed on a copy.</param>
    /// <param name="likelyCause">What to tell the user when a value is NaN or ∞ (for example "the learning rate is too large").</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="NotFiniteNumberException">A value is NaN or ∞; <paramref name="target"/> is unchanged and the message names the first such element.</exception>
    protected static void CommitIfFinite(ParamState target, ReadOnlySpan<float> candidate, string likelyCause)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (candidate.Length != target.Length)
        {
            throw new ArgumentException($"The candidate has {candidate.Length} values but '{target.Name}' has {target.Length}.", nameof(candidate));
        }
        int k = Guard.FirstNonFinite(candidate);
        if (k >= 0)
        {
            throw new NotFiniteNumberException(
                $"The update of '{target.Name}' gives {candidate[k]} at row {k / target.Columns}, column {k % target.Columns}; likely cause: {likelyCause}. The parameter is unchanged.",
                candidate[k]);
        }
        target.CopyFrom(candidate);
    }
}
