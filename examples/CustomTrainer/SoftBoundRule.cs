using Canns.Trainers;

namespace Canns.Examples.CustomTrainer;

/// <summary>
/// The same rule as a struct: Δw = y·x·(1 − w²) − 0.01·w, scalar and, in one generic method, 16, 8 or 4 lanes at a time
/// (the driver picks the widest vector the hardware accelerates).
/// </summary>
public readonly struct SoftBoundRule : ILocalRule
{
    public static bool IsVectorized => true;

    public static float Delta(in Synapse s) => s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W;

    public static TVector Delta<TVector>(in SynapseVector<TVector> s)
        where TVector : struct, IFloatVector<TVector> =>
        s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W;
}
