using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// Builds and caches one recall kernel per configuration (activation × update mode). Kernels are closed generic
/// types made at run time, which the JIT specialises and inlines per activation: dynamic code, so callers check
/// <see cref="CompiledPath.IsDynamicCodeSupported"/> first.
/// </summary>
internal static class RecallKernels
{
    private static readonly ConcurrentDictionary<(Activation, UpdateMode), IRecallKernel> Cache = new();

    [RequiresDynamicCode("Closes generic kernel types over activation structs at run time.")]
    public static IRecallKernel For(HopfieldDynamics dynamics) =>
        Cache.GetOrAdd((dynamics.Activation, dynamics.UpdateMode), static key =>
        {
            Type op = key.Item1 switch
            {
                Activation.Sign => typeof(SignOp),
                Activation.Tanh => typeof(TanhOp),
                Activation.Sigmoid => typeof(SigmoidOp),
                _ => throw new ArgumentOutOfRangeException(nameof(dynamics), key.Item1, "Unknown activation."),
            };
            Type open = key.Item2 == UpdateMode.Synchronous ? typeof(SynchronousRecallKernel<>) : typeof(AsynchronousRecallKernel<>);
            return (IRecallKernel)Activator.CreateInstance(open.MakeGenericType(op))!;
        });
}
