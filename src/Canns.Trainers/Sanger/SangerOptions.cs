namespace Canns.Trainers;

/// <summary>Options of <see cref="SangerTrainer"/> (the shared ones of <see cref="LocalRuleOptions"/>).</summary>
public sealed class SangerOptions : LocalRuleOptions;
