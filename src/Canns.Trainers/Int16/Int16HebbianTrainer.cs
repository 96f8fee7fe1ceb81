using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// Hebbian storage of ±1 patterns in an <see cref="Int16HopfieldNetwork"/>:
/// <c>W = η/P Σ_p (x_p − ρ)(x_p − ρ)ᵀ</c> with a zero diagonal, held as the integer Gram matrix J = Σ x_p x_pᵀ
/// (16 bits a synapse), the column sums S = Σ x_p and α = η/P, ρ = ΣS/(P N), κ = Pρ². Recall as for any
/// Hopfield trainer: <see cref="Predict"/>, <see cref="PredictBatch"/>, on the compiled path or step by step.
/// </summary>
/// <remarks>
/// <para><b>Exact and incremental.</b> J comes from the bit-packed popcount Gram kernel (exact integers) and training on
/// A then B gives what one call on A ∪ B gives, bit for bit. The network's J and S are this trainer's statistics, so a
/// trainer refuses to add to weights someone else wrote since its last call; <see cref="Forget"/> starts over.</para>
/// <para><b>Limits.</b> Patterns must be exactly ±1, and at most <see cref="MaxPatterns"/> in all (|J_ij| ≤ P must fit
/// 16 bits). Memory: the network's 2·N² bytes; the Gram goes straight into J (no scratch matrix), so N = 32,768 with 3,276 patterns peaks at 2.6 GB.</para>
/// <para><b>Recall.</b> The compiled path keeps the integer field <c>J s</c> up to date from the units that flip, which is
/// exact, so it equals the step path (the model's own <c>Step</c> and <c>Energy</c>) bit for bit with no fresh product
/// after the first; a batch reads J once for the first fields of all its probes. Thread safety as for
/// <see cref="HopfieldTrainer"/>: compiled-path recalls only read the weights and may run concurrently, the step path
/// serialises on the model's <see cref="Int16HopfieldNetwork.SyncRoot"/>, and training while predicting is not supported.</para>
/// </remarks>
public sealed class Int16HebbianTrainer : Trainer<Int16HopfieldNetwork, RecallResult>
{
    /// <summary>The most patterns one network can hold: |J_ij| ≤ P must fit a 16-bit integer.</summary>
    public const int MaxPatterns = short.MaxValue;

    private readonly Int16HebbianOptions _options;
    private RecallOptions _recall;
    private long _columnTotal;
    private long _version;

    /// <summary>Creates a trainer for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Int16HebbianTrainer(Int16HopfieldNetwork model, Int16HebbianOptions? options = null, RecallOptions? recall = null)
        : base(model)
    {
        _options = (options ?? new Int16HebbianOptions()).Clone();
        _options.Validate();
        _recall = (recall ?? new RecallOptions()).Clone();
        _recall.Validate();
        // A new trainer expects weights nobody has written (version 0); otherwise Forget() first.
        _version = 0;
    }

    /// <summary>A copy of the options in force.</summary>
    public Int16HebbianOptions Options => _options.Clone();

    /// <summary>A copy of the recall options in force.</summary>
    public RecallOptions Recall => _recall.Clone();

    /// <summary>The number of patterns stored since the trainer was made or last <see cref="Forget"/>.</summary>
    public long PatternCount { get; private set; }

    /// <summary>Replaces the recall options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the old options stay.</exception>
    public void SetRecallOptions(RecallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.Validate();
        _recall = copy;
    }

    /// <summary>Forgets every stored pattern: the network's couplings, column sums and coefficients become zero.</summary>
    public void Forget()
    {
        lock (Model.SyncRoot)
        {
            Array.Clear(Model.CouplingBuffer);
            Array.Clear(Model.ColumnSumBuffer);
            Model.Commit(0, 0, 0);
            _version = Model.Version;
        }
        PatternCount = 0;
        _columnTotal = 0;
    }

    /// <summary>Stores the rows of <paramref name="data"/> (P × N, every value ±1) as patterns.</summary>
    /// <inheritdoc />
    /// <exception cref="ArgumentException">A value is not exactly ±1, or the patterns stored would exceed <see cref="MaxPatterns"/>; nothing changed.</exception>
    /// <exception cref="InvalidOperationException">The network's weights were written by something else since this trainer's last call; nothing changed.</exception>
    public override void Train(Matrix data, CancellationToken cancellationToken = default)
    {
        int n = Model.Size;
        ValidateData(data, n);
        Guard.ThrowIfNotBipolar(data, nameof(data), nameof(Int16HopfieldNetwork));
        if (PatternCount + data.Rows > MaxPatterns)
        {
            throw new ArgumentException(
                $"Storing {data.Rows} patterns on top of {PatternCount} would make {PatternCount + data.Rows}; an Int16HopfieldNetwork holds at most {MaxPatterns}.",
                nameof(data));
        }
        if (Model.Version != _version)
        {
            throw new InvalidOperationException(
                "The network's weights were written by something other than this trainer since its last call; call Forget() to start from zero weights.");
        }
        cancellationToken.ThrowIfCancellationRequested();
        Action<long>? onRows = IsReporting ? rows => Report(TrainingPhase.Training, rows, data.Rows) : null;
        int[] sums = ColumnSums(data);
        lock (Model.SyncRoot)
        {
            BipolarGram.AddToInt16(data, n, Model.CouplingBuffer, HebbianGram.ChunkRows, onRows, cancellationToken);
            int[] columnSums = Model.ColumnSumBuffer;
            for (int j = 0; j < n; j++)
            {
                columnSums[j] += sums[j];
                _columnTotal += sums[j];
            }
            PatternCount += data.Rows;
            double count = PatternCount;
            double rho = _options.SubtractMean ? _columnTotal / (count * n) : 0;
            double scale = _options.NormalizeByPatternCount ? _options.LearningRate / count : _options.LearningRate;
            Model.Commit(scale, rho, count * rho * rho);
            _version = Model.Version;
        }
    }

    /// <summary>Recalls from <paramref name="input"/>: runs the dynamics until the state stops changing or the step limit.</summary>
    /// <exception cref="ArgumentException">The probe's length differs from the model's size, or a value is not exactly ±1.</exception>
    public override RecallResult Predict(ReadOnlySpan<float> input)
    {
        Guard.ThrowIfLengthMismatch(input.Length, Model.Size, "probe");
        Guard.ThrowIfNotBipolar(input, "probe", nameof(Int16HopfieldNetwork));
        var options = _recall;
        if (IsCompiledPathActive)
        {
            var result = Int16Recall.Recall(Model.Weights, Model.Size, Model.UpdateMode, Model.Threshold, input, options);
            Report(TrainingPhase.Predicting, 1, 1, result.Iterations, result.Energy);
            return result;
        }
        Action<int, double>? onStep = IsReporting ? (it, energy) => Report(TrainingPhase.Predicting, it, options.MaxIterations, it, energy) : null;
        return StepRecall.Run(Model, Model.SyncRoot, discrete: true, input, options, onStep);
    }

    /// <summary>Recalls every row of <paramref name="inputs"/>; each result equals what <see cref="Predict"/> returns for that row.</summary>
    /// <exception cref="ArgumentException">The probes are empty, of the wrong width, or hold a value that is not exactly ±1.</exception>
    public override IReadOnlyList<RecallResult> PredictBatch(Matrix inputs, CancellationToken cancellationToken = default)
    {
        ValidateProbes(inputs, Model.Size);
        Guard.ThrowIfNotBipolar(inputs, nameof(inputs), nameof(Int16HopfieldNetwork));
        if (!IsCompiledPathActive) return base.PredictBatch(inputs, cancellationToken);
        var results = new RecallResult[inputs.Rows];
        Action<int>? onDone = IsReporting ? BatchReporter(inputs.Rows) : null;
        Int16Recall.RecallBatch(Model.Weights, Model.Size, Model.UpdateMode, Model.Threshold, inputs, _recall, results, onDone, cancellationToken);
        return results;
    }

    /// <summary>Σ_p x_pj for every column j, exact in integers.</summary>
    private static int[] ColumnSums(Matrix data)
    {
        int n = data.Columns;
        var sums = new int[n];
        const int block = 1024;
        CannsParallelism.For(0, (n + block - 1) / block, b =>
        {
            int j0 = b * block, j1 = Math.Min(n, j0 + block);
            for (int r = 0; r < data.Rows; r++)
            {
                var row = data.Row(r);
                for (int j = j0; j < j1; j++) sums[j] += (int)row[j];
            }
        });
        return sums;
    }
}
