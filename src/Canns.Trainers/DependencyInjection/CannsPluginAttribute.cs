namespace Canns.Trainers;

/// <summary>
/// Marks an assembly as a Canns plugin and names the type whose <c>public static void Register(IServiceCollection services)</c>
/// adds its trainers (for example with <c>services.AddTrainer&lt;MyTrainer&gt;("mine")</c>). Without the attribute,
/// the CLI calls every public static <c>Register(IServiceCollection)</c> method on the assembly's public types.
/// </summary>
/// <param name="registrar">The type holding the <c>Register</c> method.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class CannsPluginAttribute(Type registrar) : Attribute
{
    /// <summary>The type holding the <c>Register</c> method.</summary>
    public Type Registrar { get; } = registrar;
}
