using Canns.Models;
using Canns.Trainers;
using Microsoft.Extensions.DependencyInjection;

[assembly: CannsPlugin(typeof(Canns.Cli.Tests.Plugin.PluginRegistration))]

namespace Canns.Cli.Tests.Plugin;

/// <summary>Registers the plugin's trainers: a subclass and an expression rule.</summary>
public static class PluginRegistration
{
    /// <summary>Adds "doubled-hebbian" (Hebbian with learning rate 2) and "decaying" (Δw = y·x − 0.1·w).</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddTrainer<HebbianTrainer, IRecurrentNetwork>("doubled-hebbian", (_, model) => new HebbianTrainer(model, new HebbianOptions { LearningRate = 2f }));
        services.AddLocalRule("decaying", LocalRule.FromExpression(s => s.Post * s.Pre - 0.1f * s.W));
    }
}
