using Canns.Models;
using Canns.Trainers.Tests.LocalRules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Canns.Trainers.Tests.DependencyInjection;

public class CannsServiceCollectionExtensionsTests
{
    /// <summary>A user's trainer: its constructor takes the model first.</summary>
    public sealed class UserTrainer(IRecurrentNetwork model) : HopfieldTrainer(model, null)
    {
        public override void Train(Matrix data, CancellationToken cancellationToken = default) => ValidateData(data, Model.Size);
    }

    private static ITrainerFactory Factory(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection().AddCanns();
        configure?.Invoke(services);
        return services.BuildServiceProvider().GetRequiredService<ITrainerFactory>();
    }

    [TestCase("hebbian", typeof(HebbianTrainer))]
    [TestCase("antihebbian", typeof(AntiHebbianTrainer))]
    [TestCase("storkey", typeof(StorkeyTrainer))]
    [TestCase("pseudoinverse", typeof(PseudoInverseTrainer))]
    [TestCase("HEBBIAN", typeof(HebbianTrainer))]
    public void Create_BuiltInName_ReturnsThatTrainer(string name, Type expected)
    {
        var trainer = Factory().Create(name, new AmariHopfieldNetwork(8));
        Assert.That(trainer, Is.TypeOf(expected));
    }

    [Test]
    public void Create_Hebbian16_ReturnsInt16TrainerWithConfiguredOptions()
    {
        var trainer = Factory(s => s.Configure<Int16HebbianOptions>("hebbian16", o => o.LearningRate = 0.5f))
            .Create("hebbian16", new Int16HopfieldNetwork(8));
        Assert.That(((Int16HebbianTrainer)trainer).Options.LearningRate, Is.EqualTo(0.5f));
    }

    [TestCase("oja", typeof(OjaTrainer))]
    [TestCase("sanger", typeof(SangerTrainer))]
    [TestCase("bcm", typeof(BcmTrainer))]
    public void Create_LayerRuleName_ReturnsThatTrainer(string name, Type expected)
    {
        var trainer = Factory().Create(name, new LinearLayer(4, 2, new LinearLayerOptions { Seed = 1, SlidingThreshold = true }));
        Assert.That(trainer, Is.TypeOf(expected));
    }

    [Test]
    public void Create_Stdp_ReturnsStdpTrainerForASpikingLayer()
    {
        Assert.That(Factory().Create("stdp", new SpikingLayer(4, 2, new SpikingLayerOptions { Seed = 1 })), Is.TypeOf<StdpTrainer>());
    }

    private static ITrainerFactory FactoryFrom(Dictionary<string, string?> values) =>
        new ServiceCollection().AddCanns(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
            .BuildServiceProvider().GetRequiredService<ITrainerFactory>();

    private static LinearLayer Layer() => new(4, 2, new LinearLayerOptions { Seed = 1 });

    [Test]
    public void Create_Oja_ReadsAnExponentialScheduleFromConfiguration()
    {
        var factory = FactoryFrom(new()
        {
            ["Trainers:oja:Schedule:Kind"] = "exponential",
            ["Trainers:oja:Schedule:InitialRate"] = "0.02",
            ["Trainers:oja:Schedule:Decay"] = "0.5",
            ["Trainers:oja:Schedule:MinimumRate"] = "0.001",
            ["Trainers:oja:Epochs"] = "3",
        });
        var options = ((OjaTrainer)factory.Create("oja", Layer())).Options;
        var schedule = (ExponentialDecaySchedule)options.Schedule!;
        Assert.That((schedule.InitialRate, schedule.Decay, schedule.MinimumRate, options.Epochs), Is.EqualTo((0.02f, 0.5, 0.001f, 3)));
        // η(t) = max(η₀ · d^t, η_min): 0.02 · 0.5³ = 0.0025, and the floor from t = 5 (0.000625 < 0.001).
        Assert.That(schedule.RateAt(3), Is.EqualTo(0.0025f));
        Assert.That(schedule.RateAt(5), Is.EqualTo(0.001f));
    }

    [Test]
    public void Create_Stdp_ReadsStepAndConstantSchedulesFromConfiguration()
    {
        var model = new SpikingLayer(4, 2, new SpikingLayerOptions { Seed = 1 });
        var step = (StepSchedule)((StdpTrainer)FactoryFrom(new()
        {
            ["Trainers:stdp:Schedule:Kind"] = "Step",
            ["Trainers:stdp:Schedule:InitialRate"] = "1",
            ["Trainers:stdp:Schedule:StepSize"] = "100",
            ["Trainers:stdp:Schedule:Gamma"] = "0.5",
        }).Create("stdp", model)).Options.Schedule!;
        Assert.That((step.InitialRate, step.StepSize, step.Gamma), Is.EqualTo((1f, 100L, 0.5f)));
        var constant = (ConstantSchedule)((StdpTrainer)FactoryFrom(new()
        {
            ["Trainers:stdp:Schedule:Kind"] = "constant",
            ["Trainers:stdp:Schedule:Rate"] = "0.25",
        }).Create("stdp", model)).Options.Schedule!;
        Assert.That(constant.Rate, Is.EqualTo(0.25f));
    }

    [TestCase("cosine", null, "Trainers:oja:Schedule:Kind ('cosine') must be one of constant, step, exponential")]
    [TestCase(null, null, "Trainers:oja:Schedule:Kind (missing)")]
    [TestCase("step", "Gamma", "Trainers:oja:Schedule:Gamma is missing")]
    [TestCase("step", "Gamma=two", "Trainers:oja:Schedule:Gamma ('two') is not a number")]
    [TestCase("step", "Gamma=2", "Trainers:oja:Schedule:Gamma: gamma (2) must be in [0, 1]: a step decay never grows the rate.")]
    [TestCase("step", "Rate=1", "Trainers:oja:Schedule:Rate is not a key of a step schedule")]
    public void Create_BadScheduleInConfiguration_ThrowsNamingTheKey(string? kind, string? edit, string expected)
    {
        var values = new Dictionary<string, string?>
        {
            ["Trainers:oja:Schedule:InitialRate"] = "0.1",
            ["Trainers:oja:Schedule:StepSize"] = "10",
            ["Trainers:oja:Schedule:Gamma"] = "0.5",
        };
        if (kind is not null) values["Trainers:oja:Schedule:Kind"] = kind;
        if (edit is not null)
        {
            string[] parts = edit.Split('=');
            if (parts.Length == 1) values.Remove($"Trainers:oja:Schedule:{parts[0]}");
            else values[$"Trainers:oja:Schedule:{parts[0]}"] = parts[1];
        }
        var e = Assert.Throws<InvalidOperationException>(() => FactoryFrom(values).Create("oja", Layer()));
        Assert.That(e!.Message, Does.Contain(expected).And.Not.Contain("(Parameter").And.Not.Contain("Actual value"));
    }

    [Test]
    public void CreateTyped_ReturnsTheTrainerAsTheAskedType()
    {
        var oja = Factory().Create<OjaTrainer>("oja", Layer());
        Assert.That(oja, Is.TypeOf<OjaTrainer>());
        var layerTrainer = Factory().Create<Trainer<IFeedforwardModel, float[]>>("sanger", Layer());
        Assert.That(layerTrainer, Is.TypeOf<SangerTrainer>());
        Assert.That(layerTrainer.Predict(new float[4]), Has.Length.EqualTo(2), "Predict reachable through the typed result");
    }

    [Test]
    public void CreateTyped_WrongType_ThrowsNamingBothTypes()
    {
        var e = Assert.Throws<ArgumentException>(() => Factory().Create<SangerTrainer>("oja", Layer()));
        Assert.That(e!.Message, Does.Contain("Trainer 'oja' is a OjaTrainer, not a SangerTrainer."));
        Assert.That(e.ParamName, Is.EqualTo("name"));
        var generic = Assert.Throws<ArgumentException>(() => Factory().Create<Trainer<SpikingLayer, float[]>>("oja", Layer()));
        Assert.That(generic!.Message, Does.Contain("not a Trainer<SpikingLayer, Single[]>."));
    }

    [Test]
    public void Create_Plasticity_BindsNestedOptionsFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Trainers:plasticity:LearningRate"] = "0.05",
            ["Trainers:plasticity:Schedule"] = "PerPresentation",
            ["Trainers:plasticity:Homeostasis:TargetRateHz"] = "8",
        }).Build();
        var services = new ServiceCollection().AddCanns(configuration);
        var factory = services.BuildServiceProvider().GetRequiredService<ITrainerFactory>();
        var trainer = (PlasticityTrainer)factory.Create("plasticity", new RecurrentSpikingNetwork(6, new RecurrentSpikingOptions { Seed = 1 }));
        Assert.That(trainer.Options.LearningRate, Is.EqualTo(0.05f));
        Assert.That(trainer.Options.Schedule, Is.EqualTo(PlasticitySchedule.PerPresentation));
        Assert.That(trainer.Options.Homeostasis!.TargetRateHz, Is.EqualTo(8f));
    }

    private static object ModelFor(string name) =>
        name == "hebbian16" ? new Int16HopfieldNetwork(8) : new AmariHopfieldNetwork(8);

    private static RecallOptions RecallOf(Trainer trainer) => trainer switch
    {
        HopfieldTrainer h => h.Recall,
        Int16HebbianTrainer i => i.Recall,
        _ => throw new AssertionException($"{trainer.GetType().Name} does not recall"),
    };

    [TestCase("hebbian")]
    [TestCase("antihebbian")]
    [TestCase("storkey")]
    [TestCase("pseudoinverse")]
    [TestCase("hebbian16")]
    public void Create_StorageTrainer_BindsRecallOptionsFromTheRecallSubsection(string name)
    {
        // Before, these trainers were made with default recall options whatever the configuration said.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Trainers:{name}:Recall:MaxIterations"] = "7",
            [$"Trainers:{name}:Recall:Seed"] = "42",
            [$"Trainers:{name}:Recall:RecordEnergyTrace"] = "true",
        }).Build();
        var factory = new ServiceCollection().AddCanns(configuration).BuildServiceProvider().GetRequiredService<ITrainerFactory>();

        var recall = RecallOf(factory.Create(name, ModelFor(name)));

        Assert.That((recall.MaxIterations, recall.Seed, recall.RecordEnergyTrace), Is.EqualTo((7, 42, true)));
        Assert.That(recall.Tolerance, Is.EqualTo(new RecallOptions().Tolerance), "unset keys keep their defaults");
    }

    [Test]
    public void Create_StorageTrainerWithoutConfiguration_HasDefaultRecallOptions()
    {
        var recall = RecallOf(Factory().Create("storkey", new AmariHopfieldNetwork(8)));
        var defaults = new RecallOptions();
        Assert.That((recall.MaxIterations, recall.Seed, recall.Tolerance, recall.RecordEnergyTrace),
            Is.EqualTo((defaults.MaxIterations, defaults.Seed, defaults.Tolerance, defaults.RecordEnergyTrace)));
    }

    [Test]
    public void ResolveFactory_RecallOptionOutOfRange_FailsAtStartNamingTheTrainer()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Trainers:hebbian:Recall:MaxIterations"] = "0",
        }).Build();
        var provider = new ServiceCollection().AddCanns(configuration).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ITrainerFactory>());

        Assert.That(e!.Message, Does.Contain("Trainer 'hebbian:Recall' (RecallOptions)").And.Contain("MaxIterations (0)"));
    }

    [Test]
    public void Create_StdpForAHopfieldNetwork_ThrowsNamingTheModel()
    {
        var e = Assert.Throws<ArgumentException>(() => Factory().Create("stdp", new AmariHopfieldNetwork(4)));
        Assert.That(e!.Message, Does.Contain("AmariHopfieldNetwork"));
    }

    [Test]
    public void Names_AfterAddCanns_ListsEveryBuiltIn()
    {
        Assert.That(Factory().Names, Is.EqualTo(new[] { "antihebbian", "bcm", "dense", "hebbian", "hebbian16", "oja", "plasticity", "pseudoinverse", "sanger", "stdp", "storkey" }));
    }

    [Test]
    public void Create_UnknownName_ThrowsListingKnownNames()
    {
        var e = Assert.Throws<ArgumentException>(() => Factory().Create("hebian", new AmariHopfieldNetwork(4)));
        Assert.That(e!.Message, Does.Contain("Unknown trainer 'hebian'").And.Contain("antihebbian, bcm, dense, hebbian, hebbian16, oja, plasticity, pseudoinverse, sanger, stdp, storkey"));
    }

    [Test]
    public void AddCanns_CalledTwice_ChangesNothing()
    {
        var services = new ServiceCollection().AddCanns();
        var before = services.ToList();
        services.AddCanns();
        Assert.That(services, Is.EqualTo(before));
        Assert.That(services.BuildServiceProvider().GetRequiredService<ITrainerFactory>().Names, Has.Count.EqualTo(11));
    }

    [Test]
    public void AddTrainer_UserTrainer_ResolvedByName()
    {
        var factory = Factory(s => s.AddTrainer<UserTrainer>("mine"));
        var net = new AmariHopfieldNetwork(5);
        var trainer = factory.Create("mine", net);
        Assert.That(trainer, Is.TypeOf<UserTrainer>());
        Assert.That(((UserTrainer)trainer).Model, Is.SameAs(net));
    }

    [Test]
    public void AddLocalRule_ResolvesPerModelKind()
    {
        var factory = Factory(s => s.AddLocalRule("cov", LocalRule.FromExpression(x => x.Post * x.Pre)));
        Assert.That(factory.Create("cov", new AmariHopfieldNetwork(4)), Is.TypeOf<LocalRuleTrainer>());
        Assert.That(factory.Create("cov", new TinyLayer(3, 2, 1)), Is.TypeOf<LocalRuleLayerTrainer>());
    }

    [Test]
    public void AddLocalRule_OptionsChangedAfterRegistration_TrainerKeepsTheRegisteredOnes()
    {
        var options = new LocalRuleOptions { LearningRate = 0.5f };
        var factory = Factory(s => s.AddLocalRule("cov", LocalRule.FromExpression(x => x.Post * x.Pre), options));
        options.LearningRate = float.NaN;

        var trainer = (LocalRuleTrainer)factory.Create("cov", new AmariHopfieldNetwork(4));

        Assert.That(trainer.Options.LearningRate, Is.EqualTo(0.5f));
    }

    [Test]
    public void Create_ModelOfWrongKind_ThrowsNamingTheNeed()
    {
        var e = Assert.Throws<ArgumentException>(() => Factory().Create("hebbian", new TinyLayer(3, 2, 1)));
        Assert.That(e!.Message, Does.Contain("IRecurrentNetwork").And.Contain("TinyLayer"));
    }

    [Test]
    public void AddCanns_WithConfiguration_BindsNamedOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Canns:Trainers:hebbian:LearningRate"] = "0.5",
            ["Canns:Trainers:hebbian:ZeroDiagonal"] = "false",
        }).Build();
        var services = new ServiceCollection().AddCanns(configuration.GetSection("Canns"));
        var factory = services.BuildServiceProvider().GetRequiredService<ITrainerFactory>();
        var hebbian = (HebbianTrainer)factory.Create("hebbian", new AmariHopfieldNetwork(4));
        var anti = (AntiHebbianTrainer)factory.Create("antihebbian", new AmariHopfieldNetwork(4));
        Assert.That((hebbian.Options.LearningRate, hebbian.Options.ZeroDiagonal), Is.EqualTo((0.5f, false)));
        Assert.That(anti.Options.LearningRate, Is.EqualTo(1f), "options are per name");
    }

    [Test]
    public void ResolveFactory_OptionsOutOfRange_ThrowsListingEveryError()
    {
        var services = new ServiceCollection().AddCanns();
        services.Configure<HebbianOptions>("hebbian", o => o.LearningRate = -1);
        services.Configure<HebbianOptions>("antihebbian", o => o.WeightParameter = " ");
        var provider = services.BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ITrainerFactory>());
        Assert.That(e!.Message, Does.Contain("Trainer 'hebbian'").And.Contain("LearningRate (-1)")
            .And.Contain("Trainer 'antihebbian'").And.Contain("WeightParameter"));
    }

    [Test]
    public void TrainerFactory_PlainNew_CreatesByName()
    {
        var factory = new TrainerFactory([new TrainerRegistration("plain", typeof(HebbianTrainer), (m, _) => new HebbianTrainer((IRecurrentNetwork)m))]);
        Assert.That(factory.Create("Plain", new AmariHopfieldNetwork(3)), Is.TypeOf<HebbianTrainer>());
    }

    [Test]
    public void TrainerFactory_DuplicateName_ThrowsNamingBothTypes()
    {
        TrainerRegistration Reg(Type t) => new("x", t, (m, _) => new HebbianTrainer((IRecurrentNetwork)m));
        var e = Assert.Throws<ArgumentException>(() => new TrainerFactory([Reg(typeof(HebbianTrainer)), Reg(typeof(AntiHebbianTrainer))]));
        Assert.That(e!.Message, Does.Contain("HebbianTrainer and AntiHebbianTrainer"));
    }

    [Test]
    public void AddCanns_NullServices_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => CannsServiceCollectionExtensions.AddCanns(null!));
    }

    private static SelectiveTrainerOptions SelectiveOptions() => new()
    {
        Selective = new SelectivePlasticityOptions { Protection = 8f, WarmupApplications = 1, TraceDecay = 0.9f },
        SurpriseWeight = 0.5f,
    };

    [Test]
    public void AddSelectiveTrainer_TrainsAsTheWrappedTrainerWrappedByHand()
    {
        // Two tasks of Oja on different input subspaces: the gate must act (every step after the first is gated), and
        // the wrapper from the factory must do exactly what the same options do by hand, with the wrapped trainer's own
        // named options (here a learning rate other than the default).
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Trainers:oja:LearningRate"] = "0.02",
            ["Trainers:selective-oja:Selective:Protection"] = "8",
            ["Trainers:selective-oja:Selective:WarmupApplications"] = "1",
            ["Trainers:selective-oja:Selective:TraceDecay"] = "0.9",
            ["Trainers:selective-oja:SurpriseWeight"] = "0.5",
        }).Build();
        var factory = new ServiceCollection().AddCanns(configuration).AddSelectiveTrainer("selective-oja", "oja")
            .BuildServiceProvider().GetRequiredService<ITrainerFactory>();
        var fromFactory = new LinearLayer(8, 2, new LinearLayerOptions { Seed = 3 });
        var byHand = new LinearLayer(8, 2, new LinearLayerOptions { Seed = 3 });
        var a = factory.Create("selective-oja", fromFactory);
        var b = new OjaTrainer(byHand, new OjaOptions { LearningRate = 0.02f }).WithSelectivePlasticity(SelectiveOptions());
        Assert.That(a, Is.TypeOf<SelectiveTrainer<IFeedforwardModel, float[]>>());
        var data = TestData.RandomReal(60, 8, seed: 11);
        for (int r = 0; r < data.Rows; r++)
        {
            if (r < 30) data.Row(r)[4..].Clear();
            else data.Row(r)[..4].Clear();
        }
        for (int batch = 0; batch < 6; batch++)
        {
            var rows = new Matrix(10, 8);
            for (int r = 0; r < 10; r++) data.Row(batch * 10 + r).CopyTo(rows.Row(r));
            a.Train(rows);
            b.Train(rows);
        }
        var wrapper = (SelectiveTrainer<IFeedforwardModel, float[]>)a;
        Assert.That(((OjaTrainer)wrapper.Inner).Options.LearningRate, Is.EqualTo(0.02f));
        Assert.That(wrapper.Options.Selective.Protection, Is.EqualTo(8f));
        Assert.That(wrapper.LastStep!.Gated, Is.True);
        Assert.That(wrapper.LastStep.MeanGate, Is.LessThan(1.0));
        Assert.That(fromFactory.W.AsReadOnlySpan().ToArray(), Is.EqualTo(byHand.W.AsReadOnlySpan().ToArray()));
    }

    [Test]
    public void AddSelectiveTrainer_BadOptions_AreRefusedAtStartByName()
    {
        var services = new ServiceCollection().AddCanns().AddSelectiveTrainer("selective-hebbian", "hebbian");
        services.Configure<SelectiveTrainerOptions>("selective-hebbian", o => o.SurpriseWeight = 2f);
        var provider = services.BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ITrainerFactory>());
        Assert.That(e!.Message, Does.Contain("Trainer 'selective-hebbian'").And.Contain("SurpriseWeight (2)"));
    }

    [Test]
    public void AddSelectiveTrainer_UnknownWrappedName_ThrowsListingKnownNames()
    {
        var factory = Factory(s => s.AddSelectiveTrainer("selective", "hebian"));
        var e = Assert.Throws<ArgumentException>(() => factory.Create("selective", new AmariHopfieldNetwork(4)));
        Assert.That(e!.Message, Does.Contain("Unknown trainer 'hebian'").And.Contain("selective"));
    }

    [Test]
    public void AddSelectiveTrainer_WrappingItself_IsRefused()
    {
        var services = new ServiceCollection();
        var e = Assert.Throws<ArgumentException>(() => services.AddSelectiveTrainer("Loop", "loop"));
        Assert.That(e!.Message, Does.Contain("cannot wrap itself"));
    }

    [Test]
    public void AddSelectiveTrainer_CycleThroughAnotherName_ThrowsNamingTheChain()
    {
        var factory = Factory(s => s.AddSelectiveTrainer("a", "b").AddSelectiveTrainer("b", "a"));
        var e = Assert.Throws<ArgumentException>(() => factory.Create("a", new AmariHopfieldNetwork(4)));
        Assert.That(e!.Message, Does.Contain("a → b → a"));
        // The refusal leaves no trace: the next creation on this thread works.
        Assert.That(factory.Create("hebbian", new AmariHopfieldNetwork(4)), Is.TypeOf<HebbianTrainer>());
    }

    [Test]
    public void AddSelectiveTrainer_ModelWithoutWeights_ThrowsNamingIt()
    {
        var factory = Factory(s => s
            .AddTrainer("noweights", (IServiceProvider _, object m) => new NoWeightsTrainer(m))
            .AddSelectiveTrainer("selective", "noweights"));
        var e = Assert.Throws<ArgumentException>(() => factory.Create("selective", new object()));
        Assert.That(e!.Message, Does.Contain("Object").And.Contain("IHasWeights"));
    }

    [Test]
    public void TrainerFactory_PlainNew_SelectiveRegistrationFindsTheFactory()
    {
        var services = new ServiceCollection().AddSelectiveTrainer("selective-hebbian", "hebbian");
        var registrations = services.Select(d => d.ImplementationInstance).OfType<TrainerRegistration>()
            .Append(new TrainerRegistration("hebbian", typeof(HebbianTrainer), (m, _) => new HebbianTrainer((IRecurrentNetwork)m)));
        var trainer = new TrainerFactory(registrations).Create("selective-hebbian", new AmariHopfieldNetwork(4));
        Assert.That(trainer, Is.TypeOf<SelectiveTrainer<IRecurrentNetwork, RecallResult>>());
        Assert.That(((SelectiveTrainer<IRecurrentNetwork, RecallResult>)trainer).Options.Selective.Protection,
            Is.EqualTo(new SelectivePlasticityOptions().Protection), "no container: the default options");
    }

    /// <summary>A trainer of a model without weights.</summary>
    private sealed class NoWeightsTrainer(object model) : Trainer<object, int>(model)
    {
        public override void Train(Matrix data, CancellationToken cancellationToken = default) { }

        public override int Predict(ReadOnlySpan<float> input) => 0;
    }

    [Test]
    public void AddTrainer_ModelItsConstructorCannotTake_ThrowsNamingTrainerAndModel()
    {
        // UserTrainer takes an IRecurrentNetwork; a feedforward layer leaves the activator no constructor to call.
        var factory = Factory(s => s.AddTrainer<UserTrainer>("mine"));

        var e = Assert.Throws<ArgumentException>(() => factory.Create("mine", new TinyLayer(3, 2, 1)));

        Assert.That(e!.ParamName, Is.EqualTo("model"));
        Assert.That(e.Message, Does.Contain("Trainer 'mine' (UserTrainer) cannot be created for a TinyLayer"));
        Assert.That(e.InnerException, Is.InstanceOf<InvalidOperationException>());
    }

    [Test]
    public void AddLocalRule_ModelNeitherRecurrentNorFeedforward_ThrowsNamingTheModel()
    {
        var factory = Factory(s => s.AddLocalRule("cov", LocalRule.FromExpression(x => x.Post * x.Pre)));

        var e = Assert.Throws<ArgumentException>(() => factory.Create("cov", "not a model"));

        Assert.That(e!.ParamName, Is.EqualTo("model"));
        Assert.That(e.Message, Does.Contain("Trainer 'cov' needs an IRecurrentNetwork or an IFeedforwardModel, but String is neither"));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void AddLocalRule_EmptyOrWhiteSpaceName_ThrowsArgumentExceptionNamingTheParameter(string name)
    {
        var services = new ServiceCollection();
        var e = Assert.Throws<ArgumentException>(() => services.AddLocalRule(name, LocalRule.FromExpression(x => x.Post * x.Pre)));
        Assert.That(e!.ParamName, Is.EqualTo("name"));
        Assert.That(services, Is.Empty, "nothing is registered");
    }
}
