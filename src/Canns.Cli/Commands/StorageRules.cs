using Canns.Cli.Plugins;
using Canns.Models;
using Canns.Trainers;
using Microsoft.Extensions.DependencyInjection;

namespace Canns.Cli.Commands;

/// <summary>
/// How <c>canns store --rule NAME [--plugin DLL]</c> finds its trainer: through the DI <see cref="ITrainerFactory"/>
/// (<see cref="TrainerResolver"/>), so the built-in rules and any rule a plugin registers are reachable by name. The
/// Hebbian flags (<c>--no-center</c>, <c>--keep-diagonal</c>, <c>--no-normalize</c>) become the named
/// <see cref="HebbianOptions"/> of the built-in Hebbian-family rules.
/// </summary>
internal static class StorageRules
{
    /// <summary>The built-in storage rules the usage line lists; plugins add their own.</summary>
    public static string[] BuiltIn { get; } = ["hebbian", "antihebbian", Int16Rule];

    /// <summary>The rule that stores in a 16-bit <see cref="Int16HopfieldNetwork"/> (±1 patterns; W written as float32).</summary>
    public const string Int16Rule = "hebbian16";

    /// <summary>Builds the trainer for <paramref name="rule"/> on <paramref name="model"/>.</summary>
    /// <exception cref="CliUsageException">The rule is unknown (the message lists the known ones), or it cannot train a Hopfield network.</exception>
    public static Trainer Create(string rule, IRecurrentNetwork model, HebbianOptions options, string? plugin)
    {
        var resolver = TrainerResolver.Create(plugin is null ? [] : [plugin], services =>
        {
            foreach (string name in BuiltIn)
            {
                services.Configure<HebbianOptions>(name, o =>
                {
                    o.SubtractMean = options.SubtractMean;
                    o.ZeroDiagonal = options.ZeroDiagonal;
                    o.NormalizeByPatternCount = options.NormalizeByPatternCount;
                });
            }
        });
        if (!resolver.Names.Contains(rule, StringComparer.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"option --rule must be one of {string.Join("|", resolver.Names)}, got '{rule}'.");
        }
        try
        {
            return resolver.Resolve(rule, model);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"rule '{rule}' cannot store patterns in a Hopfield network: {e.Message}");
        }
    }
}
