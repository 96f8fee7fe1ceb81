using System.Reflection;
using System.Reflection.Emit;

namespace Canns.Cli.Tests.Plugins;

/// <summary>
/// Writes plugin assemblies whose one public type cannot be loaded, as a plugin built against another version of a
/// dependency would be: its base type is missing from an assembly that exists, or its base type's assembly is missing.
/// </summary>
internal static class BrokenPlugin
{
    /// <summary>A plugin whose registrar derives from <c>System.NoSuchBaseType</c> in System.Runtime (a TypeLoadException on load).</summary>
    public static string WithMissingBaseType(string folder) => Write(folder, "BrokenPluginMissingType", "System.Runtime", "System.NoSuchBaseType");

    /// <summary>A plugin whose registrar derives from a type in the assembly <c>NoSuchDependency</c>, which is nowhere (a FileNotFoundException on load).</summary>
    public static string WithMissingDependency(string folder) => Write(folder, "BrokenPluginMissingDependency", "NoSuchDependency", "NoSuchDependency.Base");

    private static string Write(string folder, string name, string baseAssembly, string baseType)
    {
        var dependency = new PersistedAssemblyBuilder(new AssemblyName(baseAssembly), typeof(object).Assembly);
        var missing = dependency.DefineDynamicModule(baseAssembly).DefineType(baseType, TypeAttributes.Public | TypeAttributes.Class);
        missing.CreateType();

        var plugin = new PersistedAssemblyBuilder(new AssemblyName(name), typeof(object).Assembly);
        var registrar = plugin.DefineDynamicModule(name).DefineType($"{name}.Registrar", TypeAttributes.Public | TypeAttributes.Class, missing);
        registrar.CreateType();
        string path = Path.Combine(folder, name + ".dll");
        using (var file = File.Create(path)) plugin.Save(file);
        return path;
    }
}
