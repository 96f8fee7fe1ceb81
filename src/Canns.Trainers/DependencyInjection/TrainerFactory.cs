using Canns.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Canns.Trainers;

/// <summary>
/// The <see cref="ITrainerFactory"/> that <c>services.AddCanns()</c> registers; also usable with plain <c>new</c>
/// over any set of <see cref="TrainerRegistration"/>s.
/// </summary>
public sealed class TrainerFactory : ITrainerFactory
{
    private readonly Dictionary<string, TrainerRegistration> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly IServiceProvider _services;

    /// <summary>Creates a factory over <paramref name="registrations"/>.</summary>
    /// <param name="registrations">The named trainers.</param>
    /// <param name="services">Where trainers find their options and dependencies; null for none (defaults).</param>
    /// <exception cref="ArgumentNullException"><paramref name="registrations"/> is null.</exception>
    /// <exception cref="ArgumentException">Two registrations share a name; the message names both types.</exception>
    public TrainerFactory(IEnumerable<TrainerRegistration> registrations, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        foreach (var r in registrations)
        {
            ArgumentNullException.ThrowIfNull(r, nameof(registrations));
            if (!_byName.TryAdd(r.Name, r))
            {
                throw new ArgumentException(
                    $"The trainer name '{r.Name}' is registered twice ({_byName[r.Name].TrainerType.Name} and {r.TrainerType.Name}); choose another name.", nameof(registrations));
            }
        }
        Names = [.. _byName.Keys.Order(StringComparer.OrdinalIgnoreCase)];
        _services = new FactoryServices(this, services);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    /// <remarks>
    /// A registration may create other trainers through the factory (a selective wrapper creates the trainer it wraps):
    /// it finds this factory as the <see cref="ITrainerFactory"/> service. A name that comes back to itself that way is
    /// refused, with the chain in the message.
    /// </remarks>
    public Trainer Create(string name, object model)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(model);
        if (!_byName.TryGetValue(name, out var registration))
        {
            throw new ArgumentException($"Unknown trainer '{name}'; known trainers: {string.Join(", ", Names)}.", nameof(name));
        }
        var creating = t_creating ??= [];
        // A registration of this factory: the same name in another factory is another registration, not a cycle.
        if (creating.Exists(c => ReferenceEquals(c.Factory, this) && string.Equals(c.Name, registration.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException(
                $"Trainer '{name}' is created from itself: {string.Join(" → ", creating.Select(c => c.Name).Append(registration.Name))}.", nameof(name));
        }
        creating.Add((this, registration.Name));
        try
        {
            return registration.Create(model, _services);
        }
        finally
        {
            creating.RemoveAt(creating.Count - 1);
        }
    }

    /// <summary>The registrations (factory and name) being created on this thread, outermost first (to refuse cycles).</summary>
    [ThreadStatic]
    private static List<(TrainerFactory Factory, string Name)>? t_creating;

    /// <summary>The factory as the container builds it: first validates every option registered for start-up validation.</summary>
    internal static TrainerFactory FromServices(IServiceProvider services)
    {
        if (services.GetService(typeof(IStartupValidator)) is IStartupValidator validator)
        {
            try
            {
                validator.Validate();
            }
            catch (AggregateException e)
            {
                var failures = e.InnerExceptions.OfType<OptionsValidationException>().SelectMany(x => x.Failures).ToList();
                throw new OptionsValidationException("Canns", typeof(TrainerFactory), failures);
            }
        }
        var registrations = (IEnumerable<TrainerRegistration>?)services.GetService(typeof(IEnumerable<TrainerRegistration>)) ?? [];
        return new TrainerFactory(registrations, services);
    }

    /// <summary>
    /// The services registrations see: this factory as the <see cref="ITrainerFactory"/>, the rest from the given provider
    /// (if any), keyed services included (a registration that asks for one gets the container's).
    /// </summary>
    private sealed class FactoryServices(TrainerFactory factory, IServiceProvider? services) : IKeyedServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(ITrainerFactory) ? factory : services?.GetService(serviceType);

        public object? GetKeyedService(Type serviceType, object? serviceKey) => services is null ? null : Keyed().GetKeyedService(serviceType, serviceKey);

        public object GetRequiredKeyedService(Type serviceType, object? serviceKey) => Keyed().GetRequiredKeyedService(serviceType, serviceKey);

        private IKeyedServiceProvider Keyed() => services as IKeyedServiceProvider
            ?? throw new InvalidOperationException("The trainer factory's service provider doesn't support keyed services.");
    }
}
