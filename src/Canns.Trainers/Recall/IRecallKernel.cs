using Canns.Models;

namespace Canns.Trainers;

/// <summary>A recall kernel specialised for one configuration of Hopfield dynamics.</summary>
internal interface IRecallKernel
{
    RecallResult Recall(RecallWeights weights, ReadOnlySpan<float> probe, HopfieldDynamics dynamics, RecallOptions options);

    void RecallBatch(RecallWeights weights, Matrix probes, HopfieldDynamics dynamics, RecallOptions options,
        RecallResult[] results, Action<int>? onProbeDone, CancellationToken cancellationToken);
}
