namespace Canns.Trainers;

/// <summary>Options of <see cref="SangerTrainer"/> (the shared ones of <see cref="RateRuleOptions"/>).</summary>
public sealed class SangerOptions : RateRuleOptions;
