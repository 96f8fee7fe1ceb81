using System.Runtime.Intrinsics;

namespace Canns.Trainers.Tests.LocalRules;

/// <summary>Plain Hebbian, scalar only: Δw = y·x.</summary>
internal readonly struct HebbRule : ILocalRule
{
    public static float Delta(in Synapse s) => s.Post * s.Pre;
}

/// <summary>Covariance Hebbian with multiplicative soft bounds and decay, vectorised: Δw = y·x·(1 − w²) − 0.01·w.</summary>
internal readonly struct SoftBoundRule : ILocalRule
{
    public static bool IsVectorized => true;

    public static float Delta(in Synapse s) => s.Post * s.Pre * (1f - s.W * s.W) - 0.01f * s.W;

    public static Vector256<float> Delta(in SynapseVector s) =>
        s.Post * s.Pre * (Vector256.Create(1f) - s.W * s.W) - Vector256.Create(0.01f) * s.W;
}

/// <summary>A three-factor rule with traces and a threshold, vectorised.</summary>
internal readonly struct TraceRule : ILocalRule
{
    public static bool IsVectorized => true;

    public static float Delta(in Synapse s) => (s.PostTrace - s.Theta) * s.PreTrace * s.Modulator - 0.5f * s.W;

    public static Vector256<float> Delta(in SynapseVector s) => (s.PostTrace - s.Theta) * s.PreTrace * s.Modulator - Vector256.Create(0.5f) * s.W;
}

/// <summary>Throws at synapse (2, 3) of a 6-neuron network fed <see cref="ThrowingRule"/>-marked patterns: Pre = 7 and Post = 5.</summary>
internal readonly struct ThrowingRule : ILocalRule
{
    public static bool IsVectorized => true;

    public static float Delta(in Synapse s) => s.Pre == 7f && s.Post == 5f ? throw new InvalidOperationException("boom") : s.Pre * s.Post;

    public static Vector256<float> Delta(in SynapseVector s)
    {
        var hit = Vector256.Equals(s.Pre, Vector256.Create(7f)) & Vector256.Equals(s.Post, Vector256.Create(5f));
        return hit != Vector256<float>.Zero ? throw new InvalidOperationException("boom") : s.Pre * s.Post;
    }
}
