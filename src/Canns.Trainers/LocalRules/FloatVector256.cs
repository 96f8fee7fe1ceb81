using System.Runtime.Intrinsics;

namespace Canns.Trainers;

/// <summary>
/// Eight float lanes (<see cref="Vector256{T}"/>) behind <see cref="IFloatVector{TSelf}"/>: what the vectorised overload
/// of an <see cref="ILocalRule"/> computes with on hardware that accelerates 256-bit vectors (AVX2) but not 512-bit ones. Each member is
/// the <see cref="Vector256"/> operation of the same name, lane by lane as on <see cref="float"/>.
/// </summary>
/// <param name="value">The lanes.</param>
public readonly struct FloatVector256(Vector256<float> value) : IFloatVector<FloatVector256>
{
    /// <summary>The lanes, for code that specialises on the width.</summary>
    public Vector256<float> Value { get; } = value;

    /// <inheritdoc />
    public static int Count => Vector256<float>.Count;

    /// <inheritdoc />
    public static FloatVector256 Zero => new(Vector256<float>.Zero);

    /// <inheritdoc />
    public static FloatVector256 Create(float value) => new(Vector256.Create(value));

    /// <inheritdoc />
    public static implicit operator FloatVector256(float value) => new(Vector256.Create(value));

    /// <summary><c>left + right</c> per lane.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector256 operator +(FloatVector256 left, FloatVector256 right) => new(left.Value + right.Value);

    /// <summary><c>left − right</c> per lane.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector256 operator -(FloatVector256 left, FloatVector256 right) => new(left.Value - right.Value);

    /// <summary><c>left × right</c> per lane.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector256 operator *(FloatVector256 left, FloatVector256 right) => new(left.Value * right.Value);

    /// <summary><c>left ÷ right</c> per lane.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector256 operator /(FloatVector256 left, FloatVector256 right) => new(left.Value / right.Value);

    /// <summary><c>−value</c> per lane (the sign bit flipped).</summary>
    /// <param name="value">The operand.</param>
    public static FloatVector256 operator -(FloatVector256 value) => new(-value.Value);

    /// <summary>Bitwise and, for masks.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector256 operator &(FloatVector256 left, FloatVector256 right) => new(left.Value & right.Value);

    /// <summary>Bitwise or, for masks.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector256 operator |(FloatVector256 left, FloatVector256 right) => new(left.Value | right.Value);

    /// <summary>Bitwise exclusive or, for masks.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector256 operator ^(FloatVector256 left, FloatVector256 right) => new(left.Value ^ right.Value);

    /// <summary>Bitwise complement, for masks.</summary>
    /// <param name="value">The operand.</param>
    public static FloatVector256 operator ~(FloatVector256 value) => new(~value.Value);

    /// <inheritdoc />
    public static FloatVector256 Abs(FloatVector256 x) => new(Vector256.Abs(x.Value));

    /// <inheritdoc />
    public static FloatVector256 Min(FloatVector256 x, FloatVector256 y) => new(Vector256.Min(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector256 Max(FloatVector256 x, FloatVector256 y) => new(Vector256.Max(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector256 Sqrt(FloatVector256 x) => new(Vector256.Sqrt(x.Value));

    /// <inheritdoc />
    public static FloatVector256 FusedMultiplyAdd(FloatVector256 a, FloatVector256 b, FloatVector256 c) =>
        new(Vector256.FusedMultiplyAdd(a.Value, b.Value, c.Value));

    /// <inheritdoc />
    public static FloatVector256 Equals(FloatVector256 x, FloatVector256 y) => new(Vector256.Equals(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector256 GreaterThan(FloatVector256 x, FloatVector256 y) => new(Vector256.GreaterThan(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector256 GreaterThanOrEqual(FloatVector256 x, FloatVector256 y) => new(Vector256.GreaterThanOrEqual(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector256 LessThan(FloatVector256 x, FloatVector256 y) => new(Vector256.LessThan(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector256 LessThanOrEqual(FloatVector256 x, FloatVector256 y) => new(Vector256.LessThanOrEqual(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector256 ConditionalSelect(FloatVector256 condition, FloatVector256 ifTrue, FloatVector256 ifFalse) =>
        new(Vector256.ConditionalSelect(condition.Value, ifTrue.Value, ifFalse.Value));

    /// <inheritdoc />
    public static bool AnyWhereAllBitsSet(FloatVector256 mask) => Vector256.AnyWhereAllBitsSet(mask.Value);

    static FloatVector256 IFloatVector<FloatVector256>.LoadUnsafe(ref float source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));

    void IFloatVector<FloatVector256>.StoreUnsafe(ref float destination, nuint index) => Value.StoreUnsafe(ref destination, index);

    /// <summary>The lanes, as <see cref="Vector256{T}.ToString()"/> prints them.</summary>
    public override string ToString() => Value.ToString();
}
