using Canns.Models;
using Canns.Numerics;

namespace Canns.Trainers;

/// <summary>
/// Fused asynchronous recall for one activation: each sweep visits the units in a fresh permutation drawn from a
/// <see cref="Random"/> seeded per probe, so it reproduces the model's own <c>Step(Random)</c> exactly. A batch runs
/// its probes in parallel.
/// </summary>
internal sealed class AsynchronousRecallKernel<TAct> : IRecallKernel where TAct : struct, IActivationOp
{
    public RecallResult Recall(float[] weights, int n, ReadOnlySpan<float> probe, HopfieldDynamics d, RecallOptions options)
    {
        var w = weights.AsSpan(0, n * n);
        float[] s = probe.ToArray();
        var h = new float[n];
        var order = new int[n];
        var random = new Random(options.Seed);
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
            HopfieldMath.Permutation(order, random);
            int changed = 0;
            float maxChange = 0;
            foreach (int i in order)
            {
                float next = TAct.ApplyOne(Blas.Dot(w.Slice(i * n, n), s), s[i], d.Threshold, d.Temperature);
                if (next != s[i]) changed++;
                maxChange = MathF.Max(maxChange, MathF.Abs(next - s[i]));
                s[i] = next;
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
        Blas.Gemv(w, n, s, h);
        return new RecallResult(s, iterations, converged, HopfieldMath.Energy(s, h, d.Threshold), trace);
    }

    public void RecallBatch(float[] weights, int n, Matrix probes, HopfieldDynamics d, RecallOptions options,
        RecallResult[] results, Action<int>? onProbeDone, CancellationToken cancellationToken)
    {
        Parallel.For(0, probes.Rows, new ParallelOptions { CancellationToken = cancellationToken }, b =>
        {
            results[b] = Recall(weights, n, probes.Data.AsSpan(b * n, n), d, options);
            onProbeDone?.Invoke(b);
        });
    }
}
