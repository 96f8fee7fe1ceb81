using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// Hebbian (covariance) storage: <c>W += η Σ_p (x_p − ρ)(x_p − ρ)ᵀ / P</c>, with ρ the mean over all entries of all
/// patterns, the diagonal set to zero, and recall by the network's dynamics.
/// </summary>
/// <remarks>
/// <para><b>Incremental training.</b> Training on A and then on B gives the W that one call on A ∪ B gives. The
/// trainer keeps the sufficient statistics of everything it has trained on — the pattern count P, the column sums
/// S = Σ x_p, the grand total and the raw Gram matrix G = Σ x_p x_pᵀ (N × N floats) — and on each call replaces its
/// previous contribution <c>C(G, S, P)</c> in W by the new one, where
/// <c>C_ij = ±η/P · (G_ij − ρ(S_i + S_j) + Pρ²)</c> and <c>ρ = ΣS/(P N)</c>. Changes made to W by others between
/// calls are kept. <see cref="ResetAccumulation"/> forgets the statistics (the next call starts a new set).</para>
/// <para><b>Cost.</b> The Gram update is a symmetric rank-P update computing one triangle in cache-blocked vector
/// tiles on all cores; the rest is one O(N²) pass.</para>
/// </remarks>
public class HebbianTrainer : HopfieldTrainer
{
    private const int ChunkRows = 512;
    private readonly HebbianOptions _options;
    private readonly int _sign;
    private float[]? _gram;
    private double[] _columnSums = [];
    private double _total;
    private long _patterns;

    /// <summary>Creates a Hebbian trainer for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="KeyNotFoundException">The model has no parameter named by <see cref="HebbianOptions.WeightParameter"/>.</exception>
    public HebbianTrainer(IRecurrentNetwork model, HebbianOptions? options = null, RecallOptions? recall = null)
        : this(model, options, recall, +1)
    {
    }

    /// <summary>Creates a trainer that adds (<paramref name="sign"/> = +1) or removes (−1) the covariance term.</summary>
    private protected HebbianTrainer(IRecurrentNetwork model, HebbianOptions? options, RecallOptions? recall, int sign)
        : base(model, recall)
    {
        _options = (options ?? new HebbianOptions()).Clone();
        _options.Validate();
        _sign = sign;
        var target = TrainedParameter;
        if (target.Rows != model.Size || target.Columns != model.Size)
        {
            throw new ArgumentException(
                $"Parameter '{target.Name}' has shape ({target.Rows}, {target.Columns}) but Hebbian storage needs ({model.Size}, {model.Size}).",
                nameof(options));
        }
    }

    /// <summary>A copy of the options in force.</summary>
    public HebbianOptions Options => _options.Clone();

    /// <summary>The number of patterns trained on since the last <see cref="ResetAccumulation"/>.</summary>
    public long PatternCount => _patterns;

    /// <summary>The parameter this trainer writes.</summary>
    public ParamState TrainedParameter => Model.GetParameter(_options.WeightParameter ?? Model.WeightParameterName);

    /// <summary>Forgets the accumulated statistics; W is left as it is.</summary>
    public void ResetAccumulation()
    {
        _gram = null;
        _columnSums = [];
        _total = 0;
        _patterns = 0;
    }

    /// <summary>Stores the rows of <paramref name="data"/> (P × N) as patterns.</summary>
    /// <inheritdoc />
    /// <exception cref="ArgumentException">The patterns' values are so large that their products overflow float32.</exception>
    public override void Train(Matrix data, CancellationToken cancellationToken = default)
    {
        int n = Model.Size;
        ValidateData(data, n);
        cancellationToken.ThrowIfCancellationRequested();
        var target = TrainedParameter;
        bool first = _patterns == 0 || _gram is null;
        var batchGram = new float[(long)n * n];
        var transposed = new float[(long)n * Math.Min(ChunkRows, data.Rows)];
        for (int start = 0; start < data.Rows; start += ChunkRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int rows = Math.Min(ChunkRows, data.Rows - start);
            Transpose(data, start, rows, transposed);
            Blas.GemmNT(transposed, n, transposed, n, rows, batchGram, lowerOnly: true, accumulate: start > 0);
            Report(TrainingPhase.Training, start + rows, data.Rows);
        }
        if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(batchGram)))
        {
            throw new ArgumentException("The patterns' outer products overflow float32: scale the patterns down.", nameof(data));
        }
        Commit(target, data, batchGram, first);
    }

    private void Commit(ParamState target, Matrix data, float[] batchGram, bool first)
    {
        int n = Model.Size;
        var oldSums = first ? new double[n] : _columnSums;
        var newSums = (double[])oldSums.Clone();
        double newTotal = first ? 0 : _total;
        for (int r = 0; r < data.Rows; r++)
        {
            var row = data.Row(r);
            for (int j = 0; j < n; j++) newSums[j] += row[j];
        }
        for (int j = 0; j < n; j++) newTotal += newSums[j] - oldSums[j];
        var before = new Stats(oldSums, first ? 0 : _total, first ? 0 : _patterns);
        var after = new Stats(newSums, newTotal, before.Count + data.Rows);
        float[] gram = first ? batchGram : _gram!;
        float[] w = target.Buffer;
        double sign = _sign * (double)_options.LearningRate;
        bool center = _options.SubtractMean, normalize = _options.NormalizeByPatternCount, zeroDiagonal = _options.ZeroDiagonal;

        Parallel.For(0, n, i =>
        {
            long rowI = (long)i * n;
            for (int j = 0; j <= i; j++)
            {
                // The Gram sum is rounded to float before use, so the next call subtracts exactly what this one adds.
                float gOld = first ? 0f : gram[rowI + j];
                float gNew = first ? batchGram[rowI + j] : gram[rowI + j] + batchGram[rowI + j];
                float old = before.Count == 0 ? 0f : Contribution(gOld, before, i, j);
                float next = Contribution(gNew, after, i, j);
                if (!first) gram[rowI + j] = gNew;
                if (i == j)
                {
                    w[rowI + i] = zeroDiagonal ? 0f : (w[rowI + i] - old) + next;
                    continue;
                }
                long ji = (long)j * n + i;
                w[rowI + j] = (w[rowI + j] - old) + next;
                w[ji] = (w[ji] - old) + next;
            }
        });

        float Contribution(double g, Stats stats, int i, int j)
        {
            double c = g;
            if (center)
            {
                double rho = stats.Total / ((double)stats.Count * n);
                c = g - rho * (stats.Sums[i] + stats.Sums[j]) + stats.Count * rho * rho;
            }
            return (float)(sign * (normalize ? c / stats.Count : c));
        }

        target.MarkChanged();
        _gram = gram;
        _columnSums = newSums;
        _total = newTotal;
        _patterns = after.Count;
    }

    private static void Transpose(Matrix data, int start, int rows, float[] destination)
    {
        int n = data.Columns;
        for (int r = 0; r < rows; r++)
        {
            var row = data.Row(start + r);
            for (int j = 0; j < n; j++) destination[(long)j * rows + r] = row[j];
        }
    }

    private sealed record Stats(double[] Sums, double Total, long Count);
}
