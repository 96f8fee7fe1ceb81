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
    public static string[] BuiltIn { get; } = ["hebbian", "antihebbian", "storkey", "pseudoinverse", Int16Rule];

    /// <summary>The names every trainer factory knows without a plugin (<c>AddCanns()</c>'s built-ins).</summary>
    private static readonly Lazy<IReadOnlyList<string>> FactoryBuiltIns = new(() => TrainerResolver.Create([]).Names);

    /// <summary>The rule that stores in a 16-bit <see cref="Int16HopfieldNetwork"/> (±1 patterns; W written as float32).</summary>
    public const string Int16Rule = "hebbian16";

    /// <summary>
    /// Refuses the Hebbian flags a built-in non-Hebbian rule cannot honour: Storkey's and the projection rule do not
    /// centre or normalise, and Storkey's rule has no self-coupling (the projection rule keeps its diagonal with
    /// <c>--keep-diagonal</c>).
    /// </summary>
    /// <exception cref="CliUsageException">A flag does not apply to the rule.</exception>
    public static void CheckFlags(string rule, HebbianOptions options)
    {
        bool storkey = string.Equals(rule, "storkey", StringComparison.OrdinalIgnoreCase);
        bool projection = string.Equals(rule, "pseudoinverse", StringComparison.OrdinalIgnoreCase);
        if (!storkey && !projection) return;
        string? flag = !options.SubtractMean ? "--no-center" : !options.NormalizeByPatternCount ? "--no-normalize" : storkey && !options.ZeroDiagonal ? "--keep-diagonal" : null;
        if (flag is not null) throw new CliUsageException($"{flag} does not apply to --rule {rule.ToLowerInvariant()}.");
    }

    /// <summary>Builds the trainer for <paramref name="rule"/> on <paramref name="model"/>.</summary>
    /// <exception cref="CliUsageException">
    /// The rule is unknown (the message lists the known ones), it cannot train a Hopfield network, or it is not built in
    /// and a Hebbian flag was given (only the built-in rules receive them).
    /// </exception>
    public static Trainer Create(string rule, IRecurrentNetwork model, HebbianOptions options, string? plugin)
    {
        var resolver = Resolver(plugin, options);
        if (!resolver.Names.Contains(rule, StringComparer.OrdinalIgnoreCase))
        {
            // The storage rules, as the usage line lists them, and what the plugins add; not every trainer the factory
            // knows (oja, bcm, stdp, … train other models and would only fail next).
            var pluginRules = resolver.Names.Except(FactoryBuiltIns.Value, StringComparer.OrdinalIgnoreCase).ToList();
            string choices = string.Join("|", BuiltIn.Concat(pluginRules)) + (plugin is null ? " (or a rule a --plugin registers)" : "");
            throw new CliUsageException($"option --rule must be one of {choices}, got '{rule}'.");
        }
        if (!BuiltIn.Contains(rule, StringComparer.OrdinalIgnoreCase))
        {
            // The flags become the named options of the built-in rules only; another rule's trainer would never see them.
            string? flag = !options.SubtractMean ? "--no-center" : !options.ZeroDiagonal ? "--keep-diagonal" : !options.NormalizeByPatternCount ? "--no-normalize" : null;
            if (flag is not null) throw new CliUsageException($"{flag} applies only to the built-in rules ({string.Join(", ", BuiltIn)}), not to --rule {rule}.");
        }
        try
        {
            return resolver.Resolve(rule, model);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"rule '{rule}' cannot store patterns in a Hopfield network: {CliApp.BareMessage(e)}");
        }
    }

    /// <summary>The resolver over the built-in rules and those <paramref name="plugin"/> (if any) registers, with the Hebbian flags as named options.</summary>
    /// <exception cref="FileNotFoundException">The plugin file does not exist.</exception>
    /// <exception cref="InvalidDataException">The plugin is not a .NET assembly, registers nothing, or its <c>Register</c> method threw.</exception>
    public static TrainerResolver Resolver(string? plugin, HebbianOptions options) =>
        TrainerResolver.Create(plugin is null ? [] : [plugin], services =>
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
            services.Configure<PseudoInverseOptions>("pseudoinverse", o => o.ZeroDiagonal = options.ZeroDiagonal);
        });
}
