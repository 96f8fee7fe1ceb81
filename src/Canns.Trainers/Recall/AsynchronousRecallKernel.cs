using System.Buffers;
using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// Fused asynchronous recall for one activation: each sweep visits the units in a fresh permutation drawn from
/// <see cref="SplitMix64"/> seeded per probe, the stream of the <see cref="SplitMix64Random"/> the step path hands to
/// the model's own <c>Step(Random)</c>, so both paths visit the units in the same order. A batch runs
/// its probes in parallel.
/// </summary>
internal sealed class AsynchronousRecallKernel<TAct> : IRecallKernel where TAct : struct, IActivationOp
{
    /// <summary>Units whose fields a sign sweep computes at once.</summary>
    private const int Lookahead = 4;

    public RecallResult Recall(RecallWeights weights, ReadOnlySpan<float> probe, HopfieldDynamics d, RecallOptions options)
    {
        float[] s = probe.ToArray();
        if (IncrementalSignRecall.Applies<TAct>(weights, options))
        {
            return IncrementalSignRecall.Asynchronous(weights, s, d.Threshold, options);
        }
        int n = weights.Size;
        var w = weights.Buffer.AsSpan(0, n * n);
        float[] hBuffer = ArrayPool<float>.Shared.Rent(n);
        int[] orderBuffer = ArrayPool<int>.Shared.Rent(n);
        try
        {
            return Recall(w, n, s, hBuffer.AsSpan(0, n), orderBuffer.AsSpan(0, n), d, options);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(hBuffer);
            ArrayPool<int>.Shared.Return(orderBuffer);
        }
    }

    private static RecallResult Recall(ReadOnlySpan<float> w, int n, float[] s, Span<float> h, Span<int> order, HopfieldDynamics d, RecallOptions options)
    {
        var random = new SplitMix64(options.Seed);
        Span<float> fields = stackalloc float[Lookahead];
        List<double>? trace = null;
        if (options.RecordEnergyTrace)
        {
            Blas.Gemv(w, n, s, h);
            trace = [HopfieldMath.Energy(s, h, d.Threshold)];
        }
        int iterations = options.MaxIterations;
        bool converged = false;
        for (int it = 1; it <= options.MaxIterations; it++)
        {
            random.Shuffle(order);
            int changed = 0;
            float maxChange = 0;
            if (TAct.IsDiscrete)
            {
                // Speculate: the fields of the next few units in the order, computed together, are exactly what one
                // at a time would give as long as no unit before them changed. Stop at the first change.
                for (int t = 0; t < n;)
                {
                    var units = order.Slice(t, Math.Min(Lookahead, n - t));
                    Blas.DotRows(w, units, s, fields);
                    int q = 0;
                    while (q < units.Length)
                    {
                        int i = units[q++];
                        float next = TAct.ApplyOne(fields[q - 1], s[i], d.Threshold, d.Temperature);
                        if (next == s[i]) continue;
                        changed++;
                        maxChange = MathF.Max(maxChange, MathF.Abs(next - s[i]));
                        s[i] = next;
                        break;
                    }
                    t += q;
                }
            }
            else
            {
                foreach (int i in order)
                {
                    float next = TAct.ApplyOne(Blas.Dot(w.Slice(i * n, n), s), s[i], d.Threshold, d.Temperature);
                    maxChange = MathF.Max(maxChange, MathF.Abs(next - s[i]));
                    if (next != s[i]) changed++;
                    s[i] = next;
                }
            }
            if (trace is not null)
            {
                Blas.Gemv(w, n, s, h);
                trace.Add(HopfieldMath.Energy(s, h, d.Threshold));
            }
            if (TAct.IsDiscrete ? changed == 0 : maxChange < options.Tolerance)
            {
                (iterations, converged) = (it, true);
                break;
            }
        }
        if (!options.FinalEnergy) return new RecallResult(s, iterations, converged, double.NaN, trace);
        Blas.Gemv(w, n, s, h);
        return new RecallResult(s, iterations, converged, HopfieldMath.Energy(s, h, d.Threshold), trace);
    }

    public void RecallBatch(RecallWeights weights, Matrix probes, HopfieldDynamics d, RecallOptions options,
        RecallResult[] results, Action<int>? onProbeDone, CancellationToken cancellationToken, RecallStart? start = null)
    {
        // A single failure (a progress handler's) comes out of CannsParallelism.For as itself, as on the step path.
        CannsParallelism.For(0, probes.Rows, cancellationToken, b =>
        {
            results[b] = Recall(weights, probes.Data.AsSpan(b * weights.Size, weights.Size), d, options);
            onProbeDone?.Invoke(b);
        });
    }
}
