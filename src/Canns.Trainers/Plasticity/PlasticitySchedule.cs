namespace Canns.Trainers;

/// <summary>When a <see cref="PlasticityTrainer"/> applies its long-term rule.</summary>
public enum PlasticitySchedule
{
    /// <summary>After every step (continuous learning): fine-grained, the most work.</summary>
    EveryStep,

    /// <summary>Every <see cref="PlasticityOptions.Interval"/> steps (periodic learning), counted across patterns.</summary>
    Periodic,

    /// <summary>Once after each pattern's presentation (epoch-based learning).</summary>
    PerPresentation,
}
