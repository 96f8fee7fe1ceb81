using System.Numerics.Tensors;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Examples.CustomTrainer;

/// <summary>
/// Covariance Hebbian with multiplicative soft bounds and weight decay, as a subclass:
/// <c>w_ij ← w_ij + η ((1/P) Σ_p (x_pi − ρ)(x_pj − ρ) (1 − w_ij²) − λ w_ij)</c>, zero diagonal.
/// </summary>
public sealed class SoftBoundHebbianTrainer : HopfieldTrainer
{
    private readonly float _rate;
    private readonly float _decay;

    /// <summary>Stores the model and the options; recall comes from <see cref="HopfieldTrainer"/>.</summary>
    public SoftBoundHebbianTrainer(IRecurrentNetwork model, float learningRate = 1f, float decay = 0.01f, RecallOptions? recall = null)
        : base(model, recall)
    {
        if (!float.IsFinite(learningRate) || learningRate < 0) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "must be finite and ≥ 0");
        if (!float.IsFinite(decay) || decay < 0) throw new ArgumentOutOfRangeException(nameof(decay), decay, "must be finite and ≥ 0");
        (_rate, _decay) = (learningRate, decay);
    }

    /// <summary>One batch update from the rows of <paramref name="data"/>.</summary>
    public override void Train(Matrix data, CancellationToken cancellationToken = default)
    {
        ValidateData(data, Model.Size);                           // null, empty, wrong width, NaN or ∞
        int n = Model.Size, patterns = data.Rows;
        float rho = TensorPrimitives.Sum<float>(data.AsSpan()) / data.AsSpan().Length;
        var columns = new float[n * patterns];                    // column i = (x_pi − ρ) over p
        for (int p = 0; p < patterns; p++)
        {
            for (int i = 0; i < n; i++) columns[i * patterns + p] = data[p, i] - rho;
        }

        var covariance = new float[n * n];
        if (IsCompiledPathActive)
        {
            // Fast path: one vectorised dot product per synapse.
            Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var ci = columns.AsSpan(i * patterns, patterns);
                for (int j = 0; j < n; j++) covariance[i * n + j] = TensorPrimitives.Dot(ci, columns.AsSpan(j * patterns, patterns));
            });
        }
        else
        {
            // Step path: pattern by pattern, reporting each one.
            for (int p = 0; p < patterns; p++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++) covariance[i * n + j] += columns[i * patterns + p] * columns[j * patterns + p];
                }
                Report(TrainingPhase.Training, p + 1, patterns);
            }
        }

        var w = Model.W.AsReadOnlySpan();
        var next = new float[n * n];
        for (int k = 0; k < next.Length; k++)
        {
            next[k] = w[k] + _rate * (covariance[k] / patterns * (1f - w[k] * w[k]) - _decay * w[k]);
        }
        for (int i = 0; i < n; i++) next[i * n + i] = 0f;
        if (IsCompiledPathActive) Report(TrainingPhase.Training, patterns, patterns);   // before the commit: a throwing handler changes nothing
        CommitIfFinite(Model.W, next, "a learning rate too large for the soft bound");   // all or nothing
    }
}
