using Canns.Models;

namespace Canns.Trainers;

/// <summary>A recall kernel specialised for one configuration of Hopfield dynamics.</summary>
internal interface IRecallKernel
{
    RecallResult Recall(RecallWeights weights, ReadOnlySpan<float> probe, HopfieldDynamics dynamics, RecallOptions options);

    /// <summary>Recalls every row of <paramref name="probes"/>; <paramref name="start"/> is a hint a kernel may use or ignore (results do not depend on it).</summary>
    void RecallBatch(RecallWeights weights, Matrix probes, HopfieldDynamics dynamics, RecallOptions options,
        RecallResult[] results, Action<int>? onProbeDone, CancellationToken cancellationToken, RecallStart? start = null);
}
