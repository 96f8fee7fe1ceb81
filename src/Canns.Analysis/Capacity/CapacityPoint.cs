using Canns.Models;

namespace Canns.Analysis;

/// <summary>One point of a capacity study's grid.</summary>
/// <param name="Index">The point's position in the plan (N, then rule, update mode, noise, load, in the options' order).</param>
/// <param name="Neurons">N.</param>
/// <param name="Load">The requested load α.</param>
/// <param name="Patterns">The stored pattern count <c>P = round(α·N)</c>; the actual load is P/N.</param>
/// <param name="Noise">The fraction of bits flipped in each probe.</param>
/// <param name="FlippedBits">The bits flipped in each probe, <c>round(noise·N)</c>.</param>
/// <param name="Rule">The storage rule.</param>
/// <param name="UpdateMode">The recall dynamics' update mode.</param>
public sealed record CapacityPoint(int Index, int Neurons, double Load, int Patterns, double Noise, int FlippedBits, StorageRule Rule, UpdateMode UpdateMode);
