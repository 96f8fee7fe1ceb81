using System.Diagnostics.CodeAnalysis;
using Canns.Models;
using Canns.Trainers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Canns trainers with a service collection: <see cref="AddCanns(IServiceCollection)"/> adds the
/// <see cref="ITrainerFactory"/> and the built-in trainers by name; <c>AddTrainer</c> adds a user's.
/// </summary>
/// <remarks>
/// Options of each named trainer are named options (<c>IOptionsMonitor&lt;TOptions&gt;.Get(name)</c>), bound from
/// <c>Trainers:{name}</c> of the section given to <see cref="AddCanns(IServiceCollection, IConfiguration)"/> (the
/// recall options of "hebbian", "antihebbian", "storkey", "pseudoinverse" and "hebbian16" from <c>Trainers:{name}:Recall</c>,
/// named <c>{name}:Recall</c>; "dense" has only recall options, at <c>Trainers:dense</c>), and
/// validated at start (<c>ValidateOnStart</c>: by the host when there is one, and in any case when the factory is first
/// resolved), every problem of every trainer listed in one <see cref="OptionsValidationException"/>.
/// </remarks>
public static class CannsServiceCollectionExtensions
{
    /// <summary>The built-in trainers, one line each.</summary>
    private static readonly Action<IServiceCollection>[] BuiltIns =
    [
        s => AddRecallingTrainer(s, "hebbian", (IRecurrentNetwork m, HebbianOptions o, RecallOptions r) => new HebbianTrainer(m, o, r), o => o.Validate()),
        s => AddRecallingTrainer(s, "antihebbian", (IRecurrentNetwork m, HebbianOptions o, RecallOptions r) => new AntiHebbianTrainer(m, o, r), o => o.Validate()),
        s => AddRecallingTrainer(s, "storkey", (IRecurrentNetwork m, StorkeyOptions o, RecallOptions r) => new StorkeyTrainer(m, o, r), o => o.Validate()),
        s => AddRecallingTrainer(s, "pseudoinverse", (IRecurrentNetwork m, PseudoInverseOptions o, RecallOptions r) => new PseudoInverseTrainer(m, o, r), o => o.Validate()),
        s => AddRecallingTrainer(s, "hebbian16", (Int16HopfieldNetwork m, Int16HebbianOptions o, RecallOptions r) => new Int16HebbianTrainer(m, o, r), o => o.Validate()),
        s => s.AddTrainer("oja", (IFeedforwardModel m, OjaOptions o) => new OjaTrainer(m, o), o => o.Validate()),
        s => s.AddTrainer("sanger", (IFeedforwardModel m, SangerOptions o) => new SangerTrainer(m, o), o => o.Validate()),
        s => s.AddTrainer("bcm", (ISlidingThresholdModel m, BcmOptions o) => new BcmTrainer(m, o), o => o.Validate()),
        s => s.AddTrainer("stdp", (SpikingLayer m, StdpOptions o) => new StdpTrainer(m, o), o => o.Validate()),
        s => s.AddTrainer("dense", (DenseAssociativeMemory m, RecallOptions o) => new DenseMemoryTrainer(m, o), o => o.Validate()),
        s => s.AddTrainer("plasticity", (RecurrentSpikingNetwork m, PlasticityOptions o) => new PlasticityTrainer(m, o), o => o.Validate()),
    ];

    /// <summary>
    /// Adds the trainer factory and the built-in trainers ("hebbian", "antihebbian", "storkey", "pseudoinverse", "hebbian16", "oja", "sanger", "bcm", "stdp", "plasticity", "dense"). Idempotent: a second call changes nothing.
    /// </summary>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddCanns(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(CannsMarker))) return services;
        services.AddSingleton<CannsMarker>();
        services.AddOptions();
        services.TryAddSingleton<ITrainerFactory>(TrainerFactory.FromServices);
        foreach (var add in BuiltIns) add(services);
        return services;
    }

    /// <summary>
    /// <see cref="AddCanns(IServiceCollection)"/>, binding each trainer's options from <c>Trainers:{name}</c> under
    /// <paramref name="configuration"/> (for example the "Canns" section of appsettings.json).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddCanns(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCanns();
        services.AddSingleton(new CannsConfiguration(configuration));
        return services;
    }

    /// <summary>
    /// Registers trainer <paramref name="name"/> created by <paramref name="create"/> from a model of type
    /// <typeparamref name="TModel"/> and its named options <typeparamref name="TOptions"/>, checked by <paramref name="validate"/> at start.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The name, matched case-insensitively.</param>
    /// <param name="create">Creates the trainer.</param>
    /// <param name="validate">Throws an <see cref="ArgumentException"/> listing every problem (for example <c>o =&gt; o.Validate()</c>); null for none.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IServiceCollection AddTrainer<TTrainer, TModel, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(
        this IServiceCollection services, string name, Func<TModel, TOptions, TTrainer> create, Action<TOptions>? validate = null)
        where TTrainer : Trainer
        where TModel : class
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        AddNamedOptions(services, name, validate);
        services.AddSingleton(new TrainerRegistration(name, typeof(TTrainer), (model, sp) =>
            create(TrainerRegistration.Require<TModel>(model, name), NamedOptions<TOptions>(sp, name))));
        return services;
    }

    /// <summary>
    /// Registers trainer <paramref name="name"/>: the trainer registered as <paramref name="wrappedName"/>, wrapped in
    /// selective plasticity (<see cref="SelectiveTrainer{TModel, TPrediction}"/>) with the named
    /// <see cref="SelectiveTrainerOptions"/> <paramref name="name"/> (bound from <c>Trainers:{name}</c>, for example
    /// <c>Trainers:{name}:Selective:Protection</c>, and validated at start). The wrapped trainer keeps its own options.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The wrapper's name, matched case-insensitively.</param>
    /// <param name="wrappedName">The registered trainer to wrap ("oja", "hebbian", a user's own …); looked up when a trainer is created.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A name is empty, or the two names are the same.</exception>
    public static IServiceCollection AddSelectiveTrainer(this IServiceCollection services, string name, string wrappedName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(wrappedName);
        if (string.Equals(name, wrappedName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The selective trainer '{name}' cannot wrap itself; give it a name of its own (for example 'selective-{wrappedName}').", nameof(name));
        }
        AddNamedOptions<SelectiveTrainerOptions>(services, name, o => o.Validate());
        services.AddSingleton(new TrainerRegistration(name, typeof(SelectiveTrainer<,>), (model, sp) =>
        {
            var factory = (ITrainerFactory?)sp.GetService(typeof(ITrainerFactory))
                ?? throw new InvalidOperationException($"Trainer '{name}' wraps '{wrappedName}' but no ITrainerFactory is available to create it.");
            return factory.Create(wrappedName, model).WithSelectivePlasticity(NamedOptions<SelectiveTrainerOptions>(sp, name));
        }));
        return services;
    }

    /// <summary>The suffix of the named <see cref="RecallOptions"/> of a storage trainer that also recalls: <c>Trainers:{name}:Recall</c>.</summary>
    internal const string RecallSuffix = ":Recall";

    /// <summary>
    /// A built-in storage trainer that also recalls (<c>Predict</c>): its rule's options bound from <c>Trainers:{name}</c>
    /// and its <see cref="RecallOptions"/> from <c>Trainers:{name}:Recall</c>, both validated at start.
    /// </summary>
    private static void AddRecallingTrainer<TTrainer, TModel, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(
        IServiceCollection services, string name, Func<TModel, TOptions, RecallOptions, TTrainer> create, Action<TOptions> validate)
        where TTrainer : Trainer
        where TModel : class
        where TOptions : class
    {
        string recallName = name + RecallSuffix;
        AddNamedOptions(services, name, validate);
        AddNamedOptions<RecallOptions>(services, recallName, r => r.Validate());
        services.AddSingleton(new TrainerRegistration(name, typeof(TTrainer), (model, sp) =>
            create(TrainerRegistration.Require<TModel>(model, name), NamedOptions<TOptions>(sp, name), NamedOptions<RecallOptions>(sp, recallName))));
    }

    /// <summary>Named options <paramref name="name"/>: bound from configuration, checked at start by <paramref name="validate"/> (if any).</summary>
    private static void AddNamedOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(IServiceCollection services, string name, Action<TOptions>? validate)
        where TOptions : class
    {
        var builder = services.AddOptions<TOptions>(name);
        if (validate is not null)
        {
            services.AddSingleton<IValidateOptions<TOptions>>(new OptionsValidation<TOptions>(name, validate));
            builder.ValidateOnStart();
        }
        services.AddSingleton<IConfigureOptions<TOptions>>(sp => new ConfigurationBinding<TOptions>(name, sp.GetServices<CannsConfiguration>()));
    }

    /// <summary>The named options from the container, or defaults when there is none.</summary>
    private static TOptions NamedOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(IServiceProvider services, string name)
        where TOptions : class =>
        services.GetService(typeof(IOptionsMonitor<TOptions>)) is IOptionsMonitor<TOptions> monitor
            ? monitor.Get(name)
            : Activator.CreateInstance<TOptions>();

    /// <summary>Registers trainer <paramref name="name"/> created by <paramref name="create"/> from a model of type <typeparamref name="TModel"/>.</summary>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IServiceCollection AddTrainer<TTrainer, TModel>(this IServiceCollection services, string name, Func<IServiceProvider, TModel, TTrainer> create)
        where TTrainer : Trainer
        where TModel : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        services.AddSingleton(new TrainerRegistration(name, typeof(TTrainer), (model, sp) => create(sp, TrainerRegistration.Require<TModel>(model, name))));
        return services;
    }

    /// <summary>
    /// Registers the user's trainer <typeparamref name="TTrainer"/> as <paramref name="name"/>: created with its public
    /// constructor whose first parameter takes the model, the other parameters coming from the container (or their defaults).
    /// </summary>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IServiceCollection AddTrainer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTrainer>(this IServiceCollection services, string name)
        where TTrainer : Trainer
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddSingleton(new TrainerRegistration(name, typeof(TTrainer), (model, sp) =>
        {
            try
            {
                return ActivatorUtilities.CreateInstance<TTrainer>(sp, model);
            }
            catch (InvalidOperationException e)
            {
                throw new ArgumentException($"Trainer '{name}' ({typeof(TTrainer).Name}) cannot be created for a {model.GetType().Name}: {e.Message}", nameof(model), e);
            }
        }));
        return services;
    }

    /// <summary>
    /// Registers the local rule <paramref name="rule"/> as trainer <paramref name="name"/>: a <see cref="LocalRuleTrainer"/>
    /// for recurrent networks, a <see cref="LocalRuleLayerTrainer"/> for feedforward layers.
    /// </summary>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static IServiceCollection AddLocalRule(this IServiceCollection services, string name, LocalRule rule, LocalRuleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(rule);
        // A copy, validated here once: changing the caller's options object afterwards must not change (or break) the registration.
        var copy = (options ?? new LocalRuleOptions()).Clone();
        copy.Validate();
        services.AddSingleton(new TrainerRegistration(name, typeof(LocalRuleTrainer), (model, _) => model switch
        {
            IRecurrentNetwork r => new LocalRuleTrainer(r, rule, copy),
            IFeedforwardModel f => new LocalRuleLayerTrainer(f, rule, copy),
            _ => throw new ArgumentException($"Trainer '{name}' needs an IRecurrentNetwork or an IFeedforwardModel, but {model.GetType().Name} is neither.", nameof(model)),
        }));
        return services;
    }

    /// <summary>Marks a collection <see cref="AddCanns(IServiceCollection)"/> has already run on.</summary>
    private sealed class CannsMarker;
}
