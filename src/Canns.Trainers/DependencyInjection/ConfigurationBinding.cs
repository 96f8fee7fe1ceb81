using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Canns.Trainers;

/// <summary>Binds the named options of one trainer from <c>Trainers:{name}</c> when <c>AddCanns(configuration)</c> gave a section.</summary>
internal sealed class ConfigurationBinding<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(string name, IEnumerable<CannsConfiguration> sources)
    : IConfigureNamedOptions<TOptions>
    where TOptions : class
{
    public void Configure(TOptions options) => Configure(Options.DefaultName, options);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "TOptions keeps all its members ([DynamicallyAccessedMembers(All)]).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Options classes are plain property bags of primitives; the binder needs no generated generic code for them.")]
    public void Configure(string? optionsName, TOptions options)
    {
        if (!string.Equals(optionsName, name, StringComparison.Ordinal)) return;
        foreach (var source in sources) source.Trainer(name).Bind(options);
    }
}
