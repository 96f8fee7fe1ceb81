using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Canns.Trainers;

/// <summary>
/// Builds and caches one STDP kernel per bounds mode: closed generic types made at run time, which the JIT
/// specialises and inlines per mode. Dynamic code: callers check <see cref="CompiledPath.IsDynamicCodeSupported"/>.
/// </summary>
internal static class StdpKernels
{
    private static readonly ConcurrentDictionary<StdpBounds, IStdpKernel> Cache = new();

    [RequiresDynamicCode("Closes generic kernel types over bounds structs at run time.")]
    public static IStdpKernel For(StdpBounds bounds) =>
        Cache.GetOrAdd(bounds, static key =>
        {
            Type op = key switch
            {
                StdpBounds.None => typeof(StdpUnbounded),
                StdpBounds.Hard => typeof(StdpHardBounds),
                StdpBounds.Soft => typeof(StdpSoftBounds),
                _ => throw new ArgumentOutOfRangeException(nameof(bounds), key, "Unknown bounds mode."),
            };
            return (IStdpKernel)Activator.CreateInstance(typeof(StdpKernel<>).MakeGenericType(op))!;
        });
}
