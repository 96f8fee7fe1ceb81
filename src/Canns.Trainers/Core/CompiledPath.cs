using System.Runtime.CompilerServices;

namespace Canns.Trainers;

/// <summary>Whether the compiled (dynamic-code) path can run in this process.</summary>
public static class CompiledPath
{
    private static bool? _override;

    /// <summary>
    /// True when the runtime can generate code (<see cref="RuntimeFeature.IsDynamicCodeSupported"/>); false under
    /// NativeAOT, where trainers asked for the compiled path run the step path instead of failing.
    /// </summary>
    public static bool IsDynamicCodeSupported => _override ?? RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Pretends dynamic code is (un)supported until the returned scope is disposed; for tests.</summary>
    internal static IDisposable Simulate(bool supported)
    {
        var previous = _override;
        _override = supported;
        return new Scope(() => _override = previous);
    }

    private sealed class Scope(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
