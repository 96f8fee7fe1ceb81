using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Analysis;

/// <summary>Runs one cell of a capacity study: store, check fixed points, recall from noisy probes, measure.</summary>
internal static class CapacityTrialRunner
{
    public static CapacityTrialResult Run(CapacityPoint point, CapacityCell cell, int maxIterations, Workspace workspace, CancellationToken cancellationToken)
    {
        int n = point.Neurons, p = point.Patterns;
        var random = new SplitMix64((ulong)cell.Seed);
        var (network, trainer) = workspace.For(n, p, point.UpdateMode, point.Rule);
        var (patterns, probes, scratch) = workspace.Buffers(p, n);
        Sampling.FillBipolar(patterns.AsSpan(), ref random);
        trainer.Train(patterns, cancellationToken);
        patterns.AsSpan().CopyTo(probes.AsSpan());
        for (int r = 0; r < p; r++) Sampling.FlipExactly(probes.Row(r), point.FlippedBits, ref random, scratch);
        // The study reads states only: no fresh product at the end for the final energies.
        trainer.SetRecallOptions(new RecallOptions { MaxIterations = maxIterations, Seed = cell.Seed, FinalEnergy = false });

        int fixedPoints;
        IReadOnlyList<RecallResult> results;
        if (network is AmariHopfieldNetwork hopfield)
        {
            // The patterns' fields count the fixed points, then give the recall a head start: each probe is its pattern
            // with a few units flipped, so its first field is the pattern's updated from those units (a product saved).
            float[] fields = System.Buffers.ArrayPool<float>.Shared.Rent(p * n);
            try
            {
                long version = hopfield.W.Version;
                fixedPoints = CountFixedPoints(hopfield, patterns, fields);
                results = trainer.PredictBatchFrom(probes, new RecallStart(patterns, fields, version), cancellationToken);
            }
            finally
            {
                System.Buffers.ArrayPool<float>.Shared.Return(fields);
            }
        }
        else
        {
            fixedPoints = CountFixedPoints(network, patterns);
            results = trainer.PredictBatch(probes, cancellationToken);
        }

        double sum = 0, sumSq = 0, min = double.PositiveInfinity, iterations = 0;
        int exact = 0;
        for (int r = 0; r < p; r++)
        {
            double m = HopfieldAnalysis.Overlap(patterns.Row(r), results[r].State);
            sum += m;
            sumSq += m * m;
            min = Math.Min(min, m);
            if (m == 1.0 && results[r].Converged) exact++;
            iterations += results[r].Iterations;
        }
        return new CapacityTrialResult(point.Index, cell.Trial, cell.Seed, p, sum / p, sumSq / p, min, exact, fixedPoints, iterations / p);
    }

    /// <summary>
    /// The stored patterns that are fixed points: a state is one exactly when one sweep changes nothing, in either
    /// update mode, i.e. when every unit's field <c>h = W s</c> keeps it (<c>s_i h_i &gt; s_i θ</c>, or a tie).
    /// One matrix product for all patterns, without the final energies recall would compute.
    /// </summary>
    internal static int CountFixedPoints(IRecurrentNetwork network, Matrix patterns) => network switch
    {
        AmariHopfieldNetwork hopfield => CountFixedPoints(hopfield, patterns),
        _ => CountFixedPointsBySweep(network, patterns),
    };

    /// <summary>
    /// The same count for any network with sign dynamics: one sweep from each pattern. A pattern some unit would leave is
    /// caught in any order (the first such unit in the sweep sees every other unit still at the pattern).
    /// </summary>
    private static int CountFixedPointsBySweep(IRecurrentNetwork network, Matrix patterns)
    {
        int count = 0;
        lock (network.SyncRoot)
        {
            for (int r = 0; r < patterns.Rows; r++)
            {
                network.SetState(patterns.Row(r));
                network.Step(new SplitMix64Random(r));
                if (network.State.SequenceEqual(patterns.Row(r))) count++;
            }
        }
        return count;
    }

    internal static int CountFixedPoints(AmariHopfieldNetwork network, Matrix patterns)
    {
        float[] fields = System.Buffers.ArrayPool<float>.Shared.Rent(patterns.Rows * network.Size);
        try
        {
            return CountFixedPoints(network, patterns, fields);
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(fields);
        }
    }

    /// <summary>The same count, leaving the patterns' fields <c>W·x</c> (row-major, patterns × N) in <paramref name="fields"/>.</summary>
    private static int CountFixedPoints(AmariHopfieldNetwork network, Matrix patterns, float[] fields)
    {
        int n = network.Size, p = patterns.Rows;
        float threshold = network.Dynamics.Threshold;
        Canns.Numerics.Blas.GemmNT(patterns.Data, p, network.W.Buffer, n, n, fields);
        int count = 0;
        for (int r = 0; r < p; r++)
        {
            if (KeepsEveryUnit(fields.AsSpan(r * n, n), patterns.Row(r), threshold)) count++;
        }
        return count;
    }

    /// <summary>
    /// True when the sign rule on the fields <paramref name="h"/> leaves every unit of <paramref name="s"/> as it is
    /// (<see cref="SignOp.ApplyOne"/>: h &gt; θ gives +1, h &lt; θ gives −1, a tie keeps the unit), 16 units at a time.
    /// </summary>
    internal static bool KeepsEveryUnit(ReadOnlySpan<float> h, ReadOnlySpan<float> s, float threshold)
    {
        if (h.Length != s.Length) throw new ArgumentException($"{h.Length} fields for {s.Length} units.", nameof(h));
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var theta = Vector512.Create(threshold);
            var plus = Vector512.Create(1f);
            var minus = Vector512.Create(-1f);
            ref float h0 = ref MemoryMarshal.GetReference(h);
            ref float s0 = ref MemoryMarshal.GetReference(s);
            for (; i + 16 <= s.Length; i += 16)
            {
                var field = Vector512.LoadUnsafe(ref h0, (nuint)i);
                var unit = Vector512.LoadUnsafe(ref s0, (nuint)i);
                var next = Vector512.ConditionalSelect(Vector512.GreaterThan(field, theta), plus,
                    Vector512.ConditionalSelect(Vector512.LessThan(field, theta), minus, unit));
                if (!Vector512.EqualsAll(next, unit)) return false;
            }
        }
        for (; i < s.Length; i++)
        {
            if (SignOp.ApplyOne(h[i], s[i], threshold, temperature: 1f) != s[i]) return false;
        }
        return true;
    }

    /// <summary>
    /// One network and trainer per worker, reused from cell to cell: W (N² floats) and the trainer's Gram buffer are
    /// large, and touching freshly allocated memory costs far more on these machines than the training itself (about
    /// 20 ms a cell at N = 1,000). A reused pair is reset to exactly the fresh state: W cleared, nothing accumulated.
    /// </summary>
    internal sealed class Workspace
    {
        private (int N, int P, UpdateMode Mode, StorageRule Rule, IRecurrentNetwork Network, HopfieldTrainer Trainer)? _last;
        private (Matrix Patterns, Matrix Probes, int[] Scratch)? _buffers;

        /// <summary>
        /// Pattern and probe matrices (P × N, contents undefined) and an N-int scratch, kept while the shape repeats:
        /// cells run largest first, so a worker's consecutive cells are mostly the trials of one point.
        /// </summary>
        public (Matrix Patterns, Matrix Probes, int[] Scratch) Buffers(int p, int n)
        {
            if (_buffers is not { } b || b.Patterns.Rows != p || b.Patterns.Columns != n)
            {
                b = (new Matrix(p, n), new Matrix(p, n), new int[n]);
                _buffers = b;
            }
            return b;
        }

        /// <summary>
        /// A network with W = 0 and a trainer with nothing accumulated, for this size, update mode and rule (a dense
        /// memory with room for exactly <paramref name="p"/> patterns).
        /// </summary>
        public (IRecurrentNetwork Network, HopfieldTrainer Trainer) For(int n, int p, UpdateMode mode, StorageRule rule)
        {
            bool dense = StorageRuleNetworks.IsDense(rule);
            if (_last is { } last && last.N == n && last.Mode == mode && last.Rule == rule && (!dense || last.P == p))
            {
                last.Trainer.ResetAccumulation();
                if (last.Network is AmariHopfieldNetwork hopfield)
                {
                    hopfield.W.AsSpan().Clear();
                    hopfield.W.MarkChanged(); // caches keyed on W's version must not outlive the cleared weights
                }
                return (last.Network, last.Trainer);
            }
            _last = null;
            var (network, trainer) = StorageRuleNetworks.Create(rule, n, p, mode, threshold: 0, seed: 0);
            trainer.ConfigureProgress(showProgress: false, useCompile: true);
            _last = (n, p, mode, rule, network, trainer);
            return (network, trainer);
        }
    }
}
