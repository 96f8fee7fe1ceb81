using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Canns.Trainers;

/// <summary>Binds the named options of one trainer from <c>Trainers:{name}</c> when <c>AddCanns(configuration)</c> gave a section.</summary>
internal sealed class ConfigurationBinding<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(string name, IEnumerable<CannsConfiguration> sources)
    : IConfigureNamedOptions<TOptions>
    where TOptions : class
{
    /// <summary>The options' <c>Schedule</c> property when it is a learning-rate schedule (not, say, the plasticity toolkit's enum).</summary>
    private static readonly System.Reflection.PropertyInfo? ScheduleProperty =
        typeof(TOptions).GetProperty("Schedule") is { CanWrite: true } p && p.PropertyType == typeof(ILearningRateSchedule) ? p : null;

    public void Configure(TOptions options) => Configure(Options.DefaultName, options);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "TOptions keeps all its members ([DynamicallyAccessedMembers(All)]).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Options classes are plain property bags of primitives; the binder needs no generated generic code for them.")]
    public void Configure(string? optionsName, TOptions options)
    {
        if (!string.Equals(optionsName, name, StringComparison.Ordinal)) return;
        foreach (var source in sources)
        {
            var section = source.Trainer(name);
            // A learning-rate schedule is an interface the binder cannot create: it is read first, so the binder then
            // finds the property set (and binds nothing into the schedule, whose properties are read-only).
            var schedule = section.GetSection("Schedule");
            if (schedule.Exists() && ScheduleProperty is { } property)
            {
                property.SetValue(options, ScheduleConfiguration.Read(schedule, $"Trainers:{name}:Schedule"));
            }
            section.Bind(options);
        }
    }
}
