using Canns.Models;

namespace Canns.Trainers;

/// <summary>What the event-driven STDP kernel needs for time steps [From, To); every buffer is the caller's.</summary>
internal sealed class StdpRun
{
    public required float[] W { get; init; }
    public required int Outputs { get; init; }
    public required int Inputs { get; init; }
    public required Matrix Pre { get; init; }

    /// <summary>Active inputs of step t are ActiveIndex[ActiveStart[t] .. ActiveStart[t + 1]), ascending.</summary>
    public required int[] ActiveStart { get; init; }
    public required int[] ActiveIndex { get; init; }

    /// <summary>Teacher-forced output spikes (the membrane is then left alone), or null to run the LIF dynamics.</summary>
    public Matrix? ClampedPost { get; init; }

    /// <summary>Where to record the output spikes, or null.</summary>
    public Matrix? PostOut { get; init; }

    public required float[] Membrane { get; init; }
    public required float[] PreTrace { get; init; }
    public required float[] PostTrace { get; init; }
    public required int[] Refractory { get; init; }
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
    public float WeightMin { get; init; }
    public float WeightMax { get; init; }
    public int From { get; init; }
    public int To { get; init; }
}
