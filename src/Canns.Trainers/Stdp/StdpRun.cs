using Canns.Models;

namespace Canns.Trainers;

/// <summary>What the event-driven STDP kernel needs for time steps [From, To); W and the state are the workspace's.</summary>
internal sealed class StdpRun
{
    public required StdpWorkspace Workspace { get; init; }
    public required Matrix Pre { get; init; }

    /// <summary>Teacher-forced output spikes (the membrane is then left alone), or null to run the LIF dynamics.</summary>
    public Matrix? ClampedPost { get; init; }

    /// <summary>Where to record the output spikes, or null.</summary>
    public Matrix? PostOut { get; init; }

    public float Leak { get; init; }
    public float Threshold { get; init; }
    public float ResetPotential { get; init; }
    public int RefractorySteps { get; init; }
    public float PreDecay { get; init; }
    public float PostDecay { get; init; }
    public bool Learn { get; init; }
    public float APlus { get; init; }
    public float AMinus { get; init; }
    public ILearningRateSchedule? Schedule { get; init; }
    public float Rate { get; init; } = 1f;
    public long FirstStep { get; init; }
    public float MinWeight { get; init; }
    public float MaxWeight { get; init; }
    public int From { get; init; }
    public int To { get; init; }
}
