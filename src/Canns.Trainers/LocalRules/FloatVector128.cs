using System.Runtime.Intrinsics;

namespace Canns.Trainers;

/// <summary>
/// Four float lanes (<see cref="Vector128{T}"/>) behind <see cref="IFloatVector{TSelf}"/>: what the vectorised overload
/// of an <see cref="ILocalRule"/> computes with where the widest accelerated vectors have 128 bits (SSE, Arm AdvSIMD).
/// Each member is the <see cref="Vector128"/> operation of the same name, lane by lane as on <see cref="float"/>.
/// </summary>
/// <param name="value">The lanes.</param>
public readonly struct FloatVector128(Vector128<float> value) : IFloatVector<FloatVector128>
{
    /// <summary>The lanes, for code that specialises on the width.</summary>
    public Vector128<float> Value { get; } = value;

    /// <inheritdoc />
    public static int Count => Vector128<float>.Count;

    /// <inheritdoc />
    public static FloatVector128 Zero => new(Vector128<float>.Zero);

    /// <inheritdoc />
    public static FloatVector128 Create(float value) => new(Vector128.Create(value));

    /// <inheritdoc />
    public static implicit operator FloatVector128(float value) => new(Vector128.Create(value));

    /// <summary><c>left + right</c> per lane.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector128 operator +(FloatVector128 left, FloatVector128 right) => new(left.Value + right.Value);

    /// <summary><c>left − right</c> per lane.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector128 operator -(FloatVector128 left, FloatVector128 right) => new(left.Value - right.Value);

    /// <summary><c>left × right</c> per lane.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector128 operator *(FloatVector128 left, FloatVector128 right) => new(left.Value * right.Value);

    /// <summary><c>left ÷ right</c> per lane.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector128 operator /(FloatVector128 left, FloatVector128 right) => new(left.Value / right.Value);

    /// <summary><c>−value</c> per lane (the sign bit flipped).</summary>
    /// <param name="value">The operand.</param>
    public static FloatVector128 operator -(FloatVector128 value) => new(-value.Value);

    /// <summary>Bitwise and, for masks.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector128 operator &(FloatVector128 left, FloatVector128 right) => new(left.Value & right.Value);

    /// <summary>Bitwise or, for masks.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector128 operator |(FloatVector128 left, FloatVector128 right) => new(left.Value | right.Value);

    /// <summary>Bitwise exclusive or, for masks.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector128 operator ^(FloatVector128 left, FloatVector128 right) => new(left.Value ^ right.Value);

    /// <summary>Bitwise complement, for masks.</summary>
    /// <param name="value">The operand.</param>
    public static FloatVector128 operator ~(FloatVector128 value) => new(~value.Value);

    /// <inheritdoc />
    public static FloatVector128 Abs(FloatVector128 x) => new(Vector128.Abs(x.Value));

    /// <inheritdoc />
    public static FloatVector128 Min(FloatVector128 x, FloatVector128 y) => new(Vector128.Min(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector128 Max(FloatVector128 x, FloatVector128 y) => new(Vector128.Max(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector128 Sqrt(FloatVector128 x) => new(Vector128.Sqrt(x.Value));

    /// <inheritdoc />
    public static FloatVector128 FusedMultiplyAdd(FloatVector128 a, FloatVector128 b, FloatVector128 c) =>
        new(Vector128.FusedMultiplyAdd(a.Value, b.Value, c.Value));

    /// <inheritdoc />
    public static FloatVector128 Equals(FloatVector128 x, FloatVector128 y) => new(Vector128.Equals(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector128 GreaterThan(FloatVector128 x, FloatVector128 y) => new(Vector128.GreaterThan(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector128 GreaterThanOrEqual(FloatVector128 x, FloatVector128 y) => new(Vector128.GreaterThanOrEqual(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector128 LessThan(FloatVector128 x, FloatVector128 y) => new(Vector128.LessThan(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector128 LessThanOrEqual(FloatVector128 x, FloatVector128 y) => new(Vector128.LessThanOrEqual(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector128 ConditionalSelect(FloatVector128 condition, FloatVector128 ifTrue, FloatVector128 ifFalse) =>
        new(Vector128.ConditionalSelect(condition.Value, ifTrue.Value, ifFalse.Value));

    /// <inheritdoc />
    public static bool AnyWhereAllBitsSet(FloatVector128 mask) => Vector128.AnyWhereAllBitsSet(mask.Value);

    static FloatVector128 IFloatVector<FloatVector128>.LoadUnsafe(ref float source, nuint index) => new(Vector128.LoadUnsafe(ref source, index));

    void IFloatVector<FloatVector128>.StoreUnsafe(ref float destination, nuint index) => Value.StoreUnsafe(ref destination, index);

    /// <summary>The lanes, as <see cref="Vector128{T}.ToString()"/> prints them.</summary>
    public override string ToString() => Value.ToString();
}
