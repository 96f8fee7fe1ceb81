using System.Runtime.Intrinsics;

namespace Canns.Trainers;

/// <summary>
/// Sixteen float lanes (<see cref="Vector512{T}"/>) behind <see cref="IFloatVector{TSelf}"/>: what the vectorised overload
/// of an <see cref="ILocalRule"/> computes with on hardware that accelerates 512-bit vectors (AVX-512). Each member is
/// the <see cref="Vector512"/> operation of the same name, lane by lane as on <see cref="float"/>.
/// </summary>
/// <param name="value">The lanes.</param>
public readonly struct FloatVector512(Vector512<float> value) : IFloatVector<FloatVector512>
{
    /// <summary>The lanes, for code that specialises on the width.</summary>
    public Vector512<float> Value { get; } = value;

    /// <inheritdoc />
    public static int Count => Vector512<float>.Count;

    /// <inheritdoc />
    public static FloatVector512 Zero => new(Vector512<float>.Zero);

    /// <inheritdoc />
    public static FloatVector512 Create(float value) => new(Vector512.Create(value));

    /// <inheritdoc />
    public static implicit operator FloatVector512(float value) => new(Vector512.Create(value));

    /// <summary><c>left + right</c> per lane.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector512 operator +(FloatVector512 left, FloatVector512 right) => new(left.Value + right.Value);

    /// <summary><c>left − right</c> per lane.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector512 operator -(FloatVector512 left, FloatVector512 right) => new(left.Value - right.Value);

    /// <summary><c>left × right</c> per lane.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector512 operator *(FloatVector512 left, FloatVector512 right) => new(left.Value * right.Value);

    /// <summary><c>left ÷ right</c> per lane.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector512 operator /(FloatVector512 left, FloatVector512 right) => new(left.Value / right.Value);

    /// <summary><c>−value</c> per lane (the sign bit flipped).</summary>
    /// <param name="value">The operand.</param>
    public static FloatVector512 operator -(FloatVector512 value) => new(-value.Value);

    /// <summary>Bitwise and, for masks.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector512 operator &(FloatVector512 left, FloatVector512 right) => new(left.Value & right.Value);

    /// <summary>Bitwise or, for masks.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector512 operator |(FloatVector512 left, FloatVector512 right) => new(left.Value | right.Value);

    /// <summary>Bitwise exclusive or, for masks.</summary>
    /// <param name="left">The first operand.</param>
    /// <param name="right">The second operand.</param>
    public static FloatVector512 operator ^(FloatVector512 left, FloatVector512 right) => new(left.Value ^ right.Value);

    /// <summary>Bitwise complement, for masks.</summary>
    /// <param name="value">The operand.</param>
    public static FloatVector512 operator ~(FloatVector512 value) => new(~value.Value);

    /// <inheritdoc />
    public static FloatVector512 Abs(FloatVector512 x) => new(Vector512.Abs(x.Value));

    /// <inheritdoc />
    public static FloatVector512 Min(FloatVector512 x, FloatVector512 y) => new(Vector512.Min(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector512 Max(FloatVector512 x, FloatVector512 y) => new(Vector512.Max(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector512 Sqrt(FloatVector512 x) => new(Vector512.Sqrt(x.Value));

    /// <inheritdoc />
    public static FloatVector512 FusedMultiplyAdd(FloatVector512 a, FloatVector512 b, FloatVector512 c) =>
        new(Vector512.FusedMultiplyAdd(a.Value, b.Value, c.Value));

    /// <inheritdoc />
    public static FloatVector512 Equals(FloatVector512 x, FloatVector512 y) => new(Vector512.Equals(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector512 GreaterThan(FloatVector512 x, FloatVector512 y) => new(Vector512.GreaterThan(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector512 GreaterThanOrEqual(FloatVector512 x, FloatVector512 y) => new(Vector512.GreaterThanOrEqual(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector512 LessThan(FloatVector512 x, FloatVector512 y) => new(Vector512.LessThan(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector512 LessThanOrEqual(FloatVector512 x, FloatVector512 y) => new(Vector512.LessThanOrEqual(x.Value, y.Value));

    /// <inheritdoc />
    public static FloatVector512 ConditionalSelect(FloatVector512 condition, FloatVector512 ifTrue, FloatVector512 ifFalse) =>
        new(Vector512.ConditionalSelect(condition.Value, ifTrue.Value, ifFalse.Value));

    /// <inheritdoc />
    public static bool AnyWhereAllBitsSet(FloatVector512 mask) => Vector512.AnyWhereAllBitsSet(mask.Value);

    static FloatVector512 IFloatVector<FloatVector512>.LoadUnsafe(ref float source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));

    void IFloatVector<FloatVector512>.StoreUnsafe(ref float destination, nuint index) => Value.StoreUnsafe(ref destination, index);

    /// <summary>The lanes, as <see cref="Vector512{T}.ToString()"/> prints them.</summary>
    public override string ToString() => Value.ToString();
}
