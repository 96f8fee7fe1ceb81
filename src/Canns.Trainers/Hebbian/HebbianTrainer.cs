using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// Hebbian (covariance) storage: <c>W += η Σ_p (x_p − ρ)(x_p − ρ)ᵀ / P</c>, with ρ the mean over all entries of all
/// patterns, the diagonal set to zero, and recall by the network's dynamics.
/// </summary>
/// <remarks>
/// <para><b>Incremental training.</b> Training on A and then on B gives the W that one call on A ∪ B gives. The
/// trainer keeps the sufficient statistics of everything it has trained on — the pattern count P, the column sums
/// S = Σ x_p, the grand total and the raw Gram matrix G = Σ x_p x_pᵀ (its lower triangle, N(N+1)/2 floats) — and on each call replaces its
/// previous contribution <c>C(G, S, P)</c> in W by the new one, where
/// <c>C_ij = ±η/P · (G_ij − ρ(S_i + S_j) + Pρ²)</c> and <c>ρ = ΣS/(P N)</c>. Changes made to W by others between
/// calls are kept. <see cref="ResetAccumulation"/> forgets the statistics (the next call starts a new set).</para>
/// <para><b>Cost.</b> The Gram update is a symmetric rank-P update computing one triangle with a packed, cache-blocked
/// vector micro-kernel on all cores (<see cref="CannsParallelism.MaxDegree"/>); patterns that are all exactly ±1 take
/// an exact integer path instead (signs packed 64 to a word, <c>G_ij = P − 2·popcount(b_i ⊕ b_j)</c>) that gives the
/// same W bit for bit. The rest is one blocked O(N²) pass. The Gram buffers are kept across calls (and across
/// <see cref="ResetAccumulation"/>), so repeated training allocates nothing large: about 6·N² bytes in all with W,
/// 8·N² bytes during a second, incremental call.</para>
/// <para><b>W must stay finite.</b> Before it writes, a call refuses a W that already holds NaN or ±∞ (put there by
/// something else), and a W whose entries plus this call's change would overflow float32; either way W, the
/// statistics and <see cref="PatternCount"/> stay exactly as they were. The trainer remembers the
/// <see cref="ParamState.Version"/> of W its own last commit left and a proven bound on max |W_ij| there, so a call
/// on W as the trainer left it costs no pass over W: the bound grows by this call's largest possible change (from the
/// patterns' column sums of squares, Cauchy–Schwarz plus the rounding of the Gram sums), and only when that could reach
/// float32's limit does one exact dry run of the update decide (it refuses only an update that really overflows). W
/// at any other version (the first call, or a write since) is scanned once (1–4 ms at N = 4,096). Writes through a
/// span taken before the last call are not seen: call <see cref="ParamState.MarkChanged"/> after them.</para>
/// </remarks>
public class HebbianTrainer : HopfieldTrainer
{
    private readonly HebbianOptions _options;
    private readonly int _sign;
    private readonly HebbianGram _gram;
    private readonly WeightBound _weights = new();

    /// <summary>Creates a Hebbian trainer for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="KeyNotFoundException">The model has no parameter named by <see cref="HebbianOptions.WeightParameter"/>.</exception>
    /// <exception cref="ArgumentException">That parameter is not N × N.</exception>
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
        _gram = new HebbianGram(model.Size);
        _ = SquareParameter(_options.WeightParameter, "Hebbian storage");
    }

    /// <summary>A copy of the options in force.</summary>
    public HebbianOptions Options => _options.Clone();

    /// <summary>The number of patterns trained on since the last <see cref="ResetAccumulation"/>.</summary>
    public long PatternCount => _gram.Count;

    /// <summary>The parameter this trainer writes.</summary>
    public ParamState TrainedParameter => SquareParameter(_options.WeightParameter, "Hebbian storage");

    /// <summary>Forgets the accumulated statistics; W is left as it is.</summary>
    public override void ResetAccumulation() => _gram.Reset();

    /// <summary>The Gram statistics and kernels; tests and benchmarks switch the integer path through it.</summary>
    internal HebbianGram Gram => _gram;

    /// <summary>What the trainer knows of max |W|; tests count its scans through it.</summary>
    internal WeightBound Weights => _weights;

    /// <summary>Stores the rows of <paramref name="data"/> (P × N) as patterns.</summary>
    /// <inheritdoc />
    /// <exception cref="ArgumentException">The patterns' values are so large that their products, or those products times the learning rate, could overflow float32;
    /// or W already holds NaN or ±∞ (the message names the first such entry, <c>W[i, j]</c>, and its value); or this call would take an entry of W beyond float32
    /// (the message names it). Nothing changes.</exception>
    public override void Train(Matrix data, CancellationToken cancellationToken = default)
    {
        // The finite check and the cancellation check (in that order, as ValidateData then the token) happen in Add,
        // on the column moments: one pass less over the data.
        ValidateShape(data, Model.Size);
        var target = TrainedParameter;
        // A W that is already bad is refused before the Gram work and its progress reports; the commit looks again under
        // the model's lock, which costs nothing unless W has been written since.
        _ = _weights.Of(target);
        Action<long>? onRows = IsReporting ? rows => Report(TrainingPhase.Training, rows, data.Rows) : null;
        _gram.Add(data, target, _weights, _sign * (double)_options.LearningRate, _options.SubtractMean, _options.NormalizeByPatternCount,
            _options.ZeroDiagonal, onRows, Model.SyncRoot, cancellationToken);
    }
}
