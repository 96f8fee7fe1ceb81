using Canns.Models;
using Canns.Trainers;

namespace Canns.Cli.Commands;

/// <summary>
/// The storage rules <c>canns store --rule NAME</c> accepts, and the trainer each one builds. The one place that
/// maps a rule name to a trainer, so that a trainer factory (DI, plugins) can take it over.
/// </summary>
internal static class StorageRules
{
    private static readonly Dictionary<string, Func<IRecurrentNetwork, HebbianOptions, HopfieldTrainer>> Rules = new(StringComparer.Ordinal)
    {
        ["hebbian"] = (model, options) => new HebbianTrainer(model, options),
        ["antihebbian"] = (model, options) => new AntiHebbianTrainer(model, options),
    };

    /// <summary>The rule names, in the order the usage line lists them.</summary>
    public static string[] Names { get; } = [.. Rules.Keys];

    /// <summary>Builds the trainer for <paramref name="rule"/> on <paramref name="model"/>.</summary>
    /// <exception cref="CliUsageException">The rule is unknown.</exception>
    public static HopfieldTrainer Create(string rule, IRecurrentNetwork model, HebbianOptions options) =>
        Rules.TryGetValue(rule, out var create)
            ? create(model, options)
            : throw new CliUsageException($"option --rule must be one of {string.Join("|", Names)}, got '{rule}'.");
}
