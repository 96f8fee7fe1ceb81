using System.Runtime.Intrinsics;
using Canns.Trainers;

namespace Canns.Examples.CustomTrainer;

/// <summary>The same rule as a struct: Δw = y·x·(1 − w²) − 0.01·w, scalar and eight lanes at a time.</summary>
public readonly struct SoftBoundRule : ILocalRule
{
    public static bool IsVectorized => true;

    public static float Delta(in Synapse s) => s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W;

    public static Vector256<float> Delta(in SynapseVector s) =>
        s.Post * s.Pre * (Vector256.Create(1f) - s.W * s.W) - Vector256.Create(0.01f) * s.W;
}
