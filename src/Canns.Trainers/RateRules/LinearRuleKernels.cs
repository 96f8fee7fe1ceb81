using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Canns.Trainers;

/// <summary>The rate-based rules the compiled path knows.</summary>
internal enum LinearRuleKind
{
    Oja,
    Sanger,
    Bcm,
}

/// <summary>
/// Builds and caches one kernel per configuration (rule × bounds): closed generic types made at run time, which the
/// JIT specialises per rule and bounds. Dynamic code: callers check <see cref="CompiledPath.IsDynamicCodeSupported"/>.
/// </summary>
internal static class LinearRuleKernels
{
    private static readonly ConcurrentDictionary<(LinearRuleKind, bool), ILinearRuleKernel> Cache = new();

    [RequiresDynamicCode("Closes generic kernel types over rule structs at run time.")]
    public static ILinearRuleKernel For(LinearRuleKind rule, bool bounded) =>
        Cache.GetOrAdd((rule, bounded), static key =>
        {
            Type op = key.Item1 switch
            {
                LinearRuleKind.Oja => typeof(OjaRule),
                LinearRuleKind.Sanger => typeof(SangerRule),
                LinearRuleKind.Bcm => typeof(BcmRule),
                _ => throw new ArgumentOutOfRangeException(nameof(rule), key.Item1, "Unknown rule."),
            };
            Type bounds = key.Item2 ? typeof(ClampBounds) : typeof(Unbounded);
            return (ILinearRuleKernel)Activator.CreateInstance(typeof(LinearRuleKernel<,>).MakeGenericType(op, bounds))!;
        });
}
