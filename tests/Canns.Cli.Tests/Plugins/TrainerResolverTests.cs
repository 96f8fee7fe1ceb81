using Canns.Cli.Plugins;
using Canns.Models;
using Canns.Trainers;

namespace Canns.Cli.Tests.Plugins;

public class TrainerResolverTests
{
    private static string PluginPath => Path.Combine(AppContext.BaseDirectory, "Canns.Cli.Tests.Plugin.dll");

    [Test]
    public void Create_NoPlugins_KnowsBuiltIns()
    {
        var resolver = TrainerResolver.Create([]);
        Assert.That(resolver.Names, Is.EqualTo(new[] { "antihebbian", "bcm", "dense", "hebbian", "hebbian16", "oja", "plasticity", "pseudoinverse", "sanger", "stdp", "storkey" }));
        Assert.That(resolver.Resolve("hebbian", new AmariHopfieldNetwork(4)), Is.TypeOf<HebbianTrainer>());
    }

    [Test]
    public void Create_WithPlugin_ResolvesItsTrainersByName()
    {
        var resolver = TrainerResolver.Create([PluginPath]);
        Assert.That(resolver.Names, Is.EquivalentTo(new[] { "antihebbian", "bcm", "decaying", "dense", "doubled-hebbian", "hebbian", "hebbian16", "oja", "plasticity", "pseudoinverse", "sanger", "stdp", "storkey" }));
        var net = new AmariHopfieldNetwork(6);
        var trainer = (HebbianTrainer)resolver.Resolve("doubled-hebbian", net);
        Assert.That(trainer.Options.LearningRate, Is.EqualTo(2f));
        Assert.That(resolver.Resolve("decaying", net), Is.TypeOf<LocalRuleTrainer>());
    }

    [Test]
    public void Resolve_PluginTrainer_TrainsTheModel()
    {
        var net = new AmariHopfieldNetwork(4);
        var trainer = TrainerResolver.Create([PluginPath]).Resolve("doubled-hebbian", net);
        trainer.Train(Matrix.FromRows([1f, -1f, 1f, -1f]));
        Assert.That(net.W.ReadOnlyRow(0)[1], Is.EqualTo(-2f).Within(1e-6f));
    }

    [Test]
    public void Resolve_UnknownName_ThrowsListingKnownNames()
    {
        var e = Assert.Throws<ArgumentException>(() => TrainerResolver.Create([PluginPath]).Resolve("nope", new AmariHopfieldNetwork(4)));
        Assert.That(e!.Message, Does.Contain("antihebbian, bcm, decaying, dense, doubled-hebbian, hebbian, hebbian16, oja, plasticity, pseudoinverse, sanger, stdp, storkey"));
    }

    [Test]
    public void Create_MissingFile_ThrowsFileNotFound()
    {
        var e = Assert.Throws<FileNotFoundException>(() => TrainerResolver.Create(["no/such/plugin.dll"]));
        Assert.That(e!.Message, Does.Contain("no/such/plugin.dll"));
    }

    [Test]
    public void Create_NotAnAssembly_ThrowsInvalidData()
    {
        string path = Path.Combine(Path.GetTempPath(), $"canns-not-a-plugin-{Environment.ProcessId}.dll");
        File.WriteAllText(path, "not an assembly");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => TrainerResolver.Create([path]));
            Assert.That(e!.Message, Does.Contain("not a .NET assembly"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Create_AssemblyWithoutRegister_ThrowsSayingHowToRegister()
    {
        string path = typeof(Spectre.Console.AnsiConsole).Assembly.Location;
        var e = Assert.Throws<InvalidDataException>(() => TrainerResolver.Create([path]));
        Assert.That(e!.Message, Does.Contain("registers nothing").And.Contain("Register(IServiceCollection services)"));
    }

    [Test]
    public void Create_PluginWhoseBaseTypeIsMissing_ThrowsInvalidDataNamingThePlugin()
    {
        // A plugin built against a Canns (or another dependency) that lacks a type it derives from: reading its
        // types throws TypeLoadException, which the CLI used to report as an unexpected failure (exit 1).
        var folder = Directory.CreateTempSubdirectory("canns-broken-plugin-");
        try
        {
            string path = BrokenPlugin.WithMissingBaseType(folder.FullName);
            var e = Assert.Throws<InvalidDataException>(() => TrainerResolver.Create([path]));
            Assert.That(e!.Message, Does.Contain($"plugin '{path}' could not be loaded").And.Contain("System.NoSuchBaseType"));
            Assert.That(e.InnerException, Is.InstanceOf<TypeLoadException>());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void Create_PluginWhoseDependencyIsMissing_ThrowsInvalidDataNamingThePluginAndTheDependency()
    {
        var folder = Directory.CreateTempSubdirectory("canns-broken-plugin-");
        try
        {
            string path = BrokenPlugin.WithMissingDependency(folder.FullName);
            var e = Assert.Throws<InvalidDataException>(() => TrainerResolver.Create([path]));
            Assert.That(e!.Message, Does.Contain($"plugin '{path}' could not be loaded").And.Contain("NoSuchDependency"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
