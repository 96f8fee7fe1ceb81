using System.Reflection;
using System.Runtime.Loader;
using Canns.Models;
using Canns.Trainers;
using Microsoft.Extensions.DependencyInjection;

namespace Canns.Cli.Plugins;

/// <summary>
/// Resolves <c>--rule NAME</c> through the <see cref="ITrainerFactory"/>: the built-in trainers plus those that
/// <c>--plugin path/to/assembly.dll</c> assemblies register. A plugin either carries
/// <c>[assembly: CannsPlugin(typeof(Registrar))]</c> or exposes public types with a
/// <c>public static void Register(IServiceCollection services)</c> method; each such method is called once.
/// </summary>
public sealed class TrainerResolver
{
    private readonly ITrainerFactory _factory;

    private TrainerResolver(ITrainerFactory factory) => _factory = factory;

    /// <summary>Every trainer name the resolver knows, sorted.</summary>
    public IReadOnlyList<string> Names => _factory.Names;

    /// <summary>Loads <paramref name="pluginPaths"/> and builds the factory over the built-ins and what the plugins register.</summary>
    /// <exception cref="FileNotFoundException">A plugin file does not exist.</exception>
    /// <exception cref="InvalidDataException">A plugin is not a .NET assembly, its types cannot be loaded (a missing dependency or a mismatched Canns), it registers nothing, or its <c>Register</c> method threw.</exception>
    public static TrainerResolver Create(IEnumerable<string> pluginPaths) => Create(pluginPaths, configure: null);

    /// <summary>
    /// Loads <paramref name="pluginPaths"/>, lets <paramref name="configure"/> adjust the services (for example named
    /// trainer options from command-line flags), and builds the factory.
    /// </summary>
    /// <exception cref="FileNotFoundException">A plugin file does not exist.</exception>
    /// <exception cref="InvalidDataException">A plugin is not a .NET assembly, its types cannot be loaded (a missing dependency or a mismatched Canns), it registers nothing, or its <c>Register</c> method threw.</exception>
    public static TrainerResolver Create(IEnumerable<string> pluginPaths, Action<IServiceCollection>? configure)
    {
        ArgumentNullException.ThrowIfNull(pluginPaths);
        var services = new ServiceCollection().AddCanns();
        foreach (string path in pluginPaths) Register(Load(path), path, services);
        configure?.Invoke(services);
        return new TrainerResolver(services.BuildServiceProvider().GetRequiredService<ITrainerFactory>());
    }

    /// <summary>Creates trainer <paramref name="rule"/> for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">The name is unknown (the message lists the known ones) or the trainer cannot train this model.</exception>
    public Trainer Resolve(string rule, IHasWeights model) => _factory.Create(rule, model);

    private static Assembly Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"plugin '{path}' does not exist.", full);
        try
        {
            var name = AssemblyName.GetAssemblyName(full);
            // Already loaded (for example referenced by the host): reuse it so its types are the same types.
            var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name) && a.GetName().Name == name.Name);
            return loaded ?? new PluginLoadContext(full).LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException e)
        {
            throw new InvalidDataException($"plugin '{path}' is not a .NET assembly: {e.Message}", e);
        }
    }

    private static void Register(Assembly assembly, string path, IServiceCollection services)
    {
        var methods = FindRegisterMethods(assembly, path);
        if (methods.Count == 0)
        {
            throw new InvalidDataException(
                $"plugin '{path}' registers nothing: give it a public static void Register(IServiceCollection services) method, or [assembly: CannsPlugin(typeof(YourRegistrar))].");
        }
        foreach (var method in methods)
        {
            try
            {
                method.Invoke(null, [services]);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new InvalidDataException($"plugin '{path}': {method.DeclaringType?.Name}.Register threw {e.InnerException.GetType().Name}: {e.InnerException.Message}", e.InnerException);
            }
        }
    }

    /// <summary>
    /// The plugin's <c>Register</c> methods. Reading its types resolves their base types and attributes, which fails
    /// when the plugin was built against a Canns it does not match or a dependency is missing beside it; that is bad
    /// input naming the plugin, not an unexpected failure.
    /// </summary>
    private static List<MethodInfo> FindRegisterMethods(Assembly assembly, string path)
    {
        try
        {
            var registrars = assembly.GetCustomAttributes<CannsPluginAttribute>().Select(a => a.Registrar).ToList();
            if (registrars.Count == 0) registrars = [.. assembly.GetExportedTypes()];
            return registrars
                .Select(t => t.GetMethod("Register", BindingFlags.Public | BindingFlags.Static, [typeof(IServiceCollection)]))
                .OfType<MethodInfo>()
                .ToList();
        }
        catch (Exception e) when (e is TypeLoadException or ReflectionTypeLoadException or FileNotFoundException or FileLoadException or MissingMemberException)
        {
            throw new InvalidDataException(
                $"plugin '{path}' could not be loaded ({e.GetType().Name}: {e.Message}); rebuild it against this version of Canns and put its own dependencies beside it.", e);
        }
    }

    /// <summary>Loads a plugin's own dependencies from its folder; shared assemblies (Canns, Microsoft.Extensions) come from the host.</summary>
    private sealed class PluginLoadContext(string path) : AssemblyLoadContext(isCollectible: false)
    {
        private readonly AssemblyDependencyResolver _resolver = new(path);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // null defers to the host: its Canns, Microsoft.Extensions and framework assemblies, so the types unify.
            if (IsShared(assemblyName.Name)) return null;
            string? file = _resolver.ResolveAssemblyToPath(assemblyName);
            return file is null ? null : LoadFromAssemblyPath(file);
        }

        private static bool IsShared(string? name) =>
            name is null || name.StartsWith("Canns.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
            || name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "mscorlib" or "netstandard";
    }
}
