using System.Diagnostics.CodeAnalysis;
using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// The base of trainers for recurrent attractor networks: recall (<see cref="Predict"/>, <see cref="PredictBatch"/>)
/// on the compiled path or step by step through the model's own <c>Step</c> and <c>Energy</c>.
/// </summary>
/// <remarks>
/// <para>Neither path changes the model's state: recall works on a copy (the step path restores the state it found).</para>
/// <para>For sign dynamics with a symmetric W and no energy trace, the compiled path updates the field from the units
/// that flip instead of recomputing <c>W s</c> every step, and decides any unit whose field is within rounding distance
/// of θ on a freshly computed dot product, so its results equal the step path's bit for bit. W's symmetry is checked
/// once per <see cref="ParamState.Version"/>: after writing W through a span taken earlier, call
/// <see cref="ParamState.MarkChanged"/>. From the second asynchronous recall on one version of W (N ≤ 8,192), the
/// trainer also keeps a bfloat16 copy of W (2·N² bytes) for the first field of each probe; decisions are still exact.</para>
/// <para>Thread safety: on the compiled path <see cref="Predict"/> and <see cref="PredictBatch"/> only read W and may run
/// on many threads at once. The step path drives the model itself, so calls are serialised on the model's
/// <see cref="IRecurrentNetwork.SyncRoot"/>. Training while another thread predicts is not supported.</para>
/// </remarks>
public abstract class HopfieldTrainer : Trainer<IRecurrentNetwork, RecallResult>
{
    private RecallOptions _recall;
    private RecallWeights? _weights;

    /// <summary>Stores the model and the recall options (validated here).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A recall option is out of range.</exception>
    protected HopfieldTrainer(IRecurrentNetwork model, RecallOptions? recall)
        : base(model)
    {
        _recall = (recall ?? new RecallOptions()).Clone();
        _recall.Validate();
    }

    /// <summary>
    /// The model's parameter <paramref name="name"/> (null: its weight parameter), checked to be N × N: what a storage
    /// rule's constructor calls before it keeps the parameter's name.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The model has no such parameter.</exception>
    /// <exception cref="ArgumentException">The parameter is not N × N (named after <paramref name="rule"/>).</exception>
    private protected ParamState SquareParameter(string? name, string rule)
    {
        var target = Model.GetParameter(name ?? Model.WeightParameterName);
        if (target.Rows != Model.Size || target.Columns != Model.Size)
        {
            throw new ArgumentException(
                $"Parameter '{target.Name}' has shape ({target.Rows}, {target.Columns}) but {rule} needs ({Model.Size}, {Model.Size}).", "options");
        }
        return target;
    }

    /// <summary>
    /// Forgets what earlier <see cref="Trainer.Train"/> calls accumulated, so the next call starts a new set; W is left
    /// as it is. Rules that keep nothing besides W (Storkey's, whose state is W itself) have nothing to forget.
    /// </summary>
    public virtual void ResetAccumulation()
    {
    }

    /// <summary>A copy of the recall options in force.</summary>
    public RecallOptions Recall => _recall.Clone();

    /// <summary>Replaces the recall options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the old options stay.</exception>
    public void SetRecallOptions(RecallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.Validate();
        _recall = copy;
    }

    /// <summary>Recalls from <paramref name="input"/>: runs the dynamics until the state stops changing or the step limit.</summary>
    /// <exception cref="ArgumentException">The probe's length differs from the model's size, or it holds NaN or ∞.</exception>
    public override RecallResult Predict(ReadOnlySpan<float> input)
    {
        Guard.ThrowIfLengthMismatch(input.Length, Model.Size, "probe");
        Guard.ThrowIfNotFinite(input, "probe");
        var options = _recall;
        if (TryCompiled(out var kernel, out var dynamics))
        {
            var result = kernel.Recall(CurrentWeights(), input, dynamics, options);
            Report(TrainingPhase.Predicting, 1, 1, result.Iterations, result.Energy);
            return result;
        }
        return StepRecall(input, options);
    }

    /// <summary>
    /// Recalls every row of <paramref name="inputs"/>. On the compiled path synchronous dynamics run as
    /// matrix-matrix products over the probes not yet converged, asynchronous ones in parallel; either way each
    /// result equals what <see cref="Predict"/> returns for that row.
    /// </summary>
    /// <exception cref="ArgumentException">The probes are empty, of the wrong width, or hold NaN or ∞.</exception>
    public override IReadOnlyList<RecallResult> PredictBatch(Matrix inputs, CancellationToken cancellationToken = default) =>
        PredictBatchFrom(inputs, start: null, cancellationToken);

    /// <summary>
    /// As <see cref="PredictBatch(Matrix, CancellationToken)"/>, with a head start the incremental batch kernel may use
    /// (states near the probes and their fresh fields; <see cref="RecallStart"/>): the results are the same with or without it.
    /// </summary>
    internal IReadOnlyList<RecallResult> PredictBatchFrom(Matrix inputs, RecallStart? start, CancellationToken cancellationToken)
    {
        ValidateProbes(inputs, Model.Size);
        Guard.ThrowIfNotFinite(inputs, nameof(inputs));
        if (!TryCompiled(out var kernel, out var dynamics))
        {
            return base.PredictBatch(inputs, cancellationToken);
        }
        var results = new RecallResult[inputs.Rows];
        Action<int>? onDone = IsReporting ? BatchReporter(inputs.Rows) : null;
        var weights = CurrentWeights();
        // One set of recall options for the whole batch, even if SetRecallOptions runs while its slices do.
        var recall = _recall;
        int n = Model.Size;
        // The batch kernels keep a few B × N buffers (states, fields, the two previous states): a batch whose buffers would
        // pass an array's length runs in slices of probes, each recalled exactly as alone (probes are independent).
        int rowsPerSlice = (int)Math.Max(1, MaxBatchElements / n);
        if (inputs.Rows <= rowsPerSlice)
        {
            kernel.RecallBatch(weights, inputs, dynamics, recall, results, onDone, cancellationToken, start);
            return results;
        }
        for (int first = 0; first < inputs.Rows; first += rowsPerSlice)
        {
            int rows = Math.Min(rowsPerSlice, inputs.Rows - first);
            var slice = new Matrix(rows, n, inputs.Data.AsSpan((int)((long)first * n), rows * n).ToArray());
            var sliceResults = new RecallResult[rows];
            kernel.RecallBatch(weights, slice, dynamics, recall, sliceResults, onDone, cancellationToken);
            sliceResults.CopyTo(results, first);
        }
        return results;
    }

    /// <summary>The most probe elements (B·N) one batch kernel call takes: a quarter of an array's length, so its B × N buffers (up to 3·B·N) fit (tests lower it).</summary>
    internal long MaxBatchElements { get; set; } = Array.MaxLength / 4;

    /// <summary>The facts of the last version of W a compiled recall read (tests look at them); null before any.</summary>
    internal RecallWeights? CachedWeights => Volatile.Read(ref _weights);

    /// <summary>
    /// W with the facts incremental recall needs (symmetry, absolute row sums), analysed once per version of W.
    /// Concurrent callers may analyse the same version twice; either result is correct.
    /// </summary>
    private RecallWeights CurrentWeights()
    {
        var w = Model.W;
        var cached = Volatile.Read(ref _weights);
        if (cached is not null && cached.Version == w.Version && ReferenceEquals(cached.Buffer, w.Buffer)) return cached;
        var fresh = RecallWeights.Analyze(w, Model.Size);
        Volatile.Write(ref _weights, fresh);
        return fresh;
    }

    /// <summary>The step-by-step path: the model's own Step and Energy, a report per iteration.</summary>
    private RecallResult StepRecall(ReadOnlySpan<float> probe, RecallOptions options)
    {
        // Sign units (and ±1 models such as the dense memory) converge when nothing changes; smooth ones, including the
        // ring attractor's rates, when the largest change is below the tolerance.
        bool discrete = Model switch
        {
            IHopfieldDynamics h => h.Dynamics.Activation == Activation.Sign,
            RingAttractorNetwork => false,
            _ => true,
        };
        Action<int, double>? onStep = IsReporting ? (it, energy) => Report(TrainingPhase.Predicting, it, options.MaxIterations, it, energy) : null;
        return Trainers.StepRecall.Run(Model, Model.SyncRoot, discrete, probe, options, onStep);
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reached when CompiledPath.IsDynamicCodeSupported is true.")]
    private bool TryCompiled([NotNullWhen(true)] out IRecallKernel? kernel, [NotNullWhen(true)] out HopfieldDynamics? dynamics)
    {
        if (IsCompiledPathActive && Model is IHopfieldDynamics hopfield && hopfield.W.Rows == hopfield.Size && hopfield.W.Columns == hopfield.Size)
        {
            dynamics = hopfield.Dynamics;
            kernel = RecallKernels.For(dynamics);
            return true;
        }
        (kernel, dynamics) = (null, null);
        return false;
    }
}
