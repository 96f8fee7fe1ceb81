using Canns.Models;

namespace Canns.Trainers;

/// <summary>What one epoch of a compiled rate-rule kernel needs; every buffer is allocated by the caller.</summary>
internal sealed class LinearRuleRun
{
    public required float[] W { get; init; }
    public required int Outputs { get; init; }
    public required int Inputs { get; init; }
    public required Matrix Data { get; init; }
    public required int[] Order { get; init; }
    public required long FirstStep { get; init; }
    public ILearningRateSchedule? Schedule { get; init; }
    public float Rate { get; init; }
    public float[]? Theta { get; init; }
    public float Tau { get; init; } = 1f;
    public float MinWeight { get; init; } = float.NegativeInfinity;
    public float MaxWeight { get; init; } = float.PositiveInfinity;
    public bool NormalizeRows { get; init; }
    public required float[] Y { get; init; }

    /// <summary>The next sample's outputs (the one-pass kernel's second buffer, swapped with <see cref="Y"/>).</summary>
    public required float[] YNext { get; init; }
    public required float[] Residual { get; init; }
}
