using System.Numerics;

namespace Canns.Trainers;

/// <summary>
/// A vector of float lanes whose width a rule does not fix: the number type of the vectorised overload of
/// <see cref="ILocalRule"/>. One generic method written against it serves <see cref="FloatVector128"/>,
/// <see cref="FloatVector256"/> and <see cref="FloatVector512"/> (4, 8 or 16 lanes), and the driver picks the widest the
/// hardware accelerates. Every member computes, lane by lane, the IEEE float operation of its scalar counterpart
/// (<c>+ − × ÷</c>, <see cref="MathF.Abs(float)"/>, <see cref="MathF.Min(float, float)"/>, <see cref="MathF.Max(float, float)"/>,
/// <see cref="MathF.Sqrt(float)"/>, <see cref="MathF.FusedMultiplyAdd(float, float, float)"/>), so a rule written with
/// them agrees bit for bit with the same rule written on <see cref="float"/>.
/// </summary>
/// <typeparam name="TSelf">The implementing vector type.</typeparam>
/// <remarks>
/// <para>The shape of .NET's <c>ISimdVector&lt;TSelf, T&gt;</c>, which .NET 10 keeps internal; implemented only by this
/// library's three structs (the loads and stores the driver needs are internal members). A float converts implicitly
/// to a vector of that value in every lane, so <c>0.01f * s.W</c> reads as in the scalar rule.</para>
/// <para>Comparisons return masks: all bits set in a lane where the comparison holds, zero elsewhere, for
/// <see cref="ConditionalSelect(TSelf, TSelf, TSelf)"/>, the bitwise operators and <see cref="AnyWhereAllBitsSet(TSelf)"/>.</para>
/// </remarks>
public interface IFloatVector<TSelf> :
    IAdditionOperators<TSelf, TSelf, TSelf>,
    ISubtractionOperators<TSelf, TSelf, TSelf>,
    IMultiplyOperators<TSelf, TSelf, TSelf>,
    IDivisionOperators<TSelf, TSelf, TSelf>,
    IUnaryNegationOperators<TSelf, TSelf>,
    IBitwiseOperators<TSelf, TSelf, TSelf>
    where TSelf : struct, IFloatVector<TSelf>
{
    /// <summary>The number of float lanes: 4, 8 or 16.</summary>
    static abstract int Count { get; }

    /// <summary>A vector of zeros.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>A vector with <paramref name="value"/> in every lane.</summary>
    /// <param name="value">The lane value.</param>
    static abstract TSelf Create(float value);

    /// <summary>A vector with <paramref name="value"/> in every lane, as <see cref="Create(float)"/>.</summary>
    /// <param name="value">The lane value.</param>
    static abstract implicit operator TSelf(float value);

    /// <summary><c>|x|</c> per lane, as <see cref="MathF.Abs(float)"/>.</summary>
    /// <param name="x">The operand.</param>
    static abstract TSelf Abs(TSelf x);

    /// <summary><c>min(x, y)</c> per lane, as <see cref="MathF.Min(float, float)"/> (NaN propagates, −0 &lt; +0).</summary>
    /// <param name="x">The first operand.</param>
    /// <param name="y">The second operand.</param>
    static abstract TSelf Min(TSelf x, TSelf y);

    /// <summary><c>max(x, y)</c> per lane, as <see cref="MathF.Max(float, float)"/> (NaN propagates, +0 &gt; −0).</summary>
    /// <param name="x">The first operand.</param>
    /// <param name="y">The second operand.</param>
    static abstract TSelf Max(TSelf x, TSelf y);

    /// <summary><c>√x</c> per lane, correctly rounded, as <see cref="MathF.Sqrt(float)"/>.</summary>
    /// <param name="x">The operand.</param>
    static abstract TSelf Sqrt(TSelf x);

    /// <summary><c>a·b + c</c> per lane with one rounding, as <see cref="MathF.FusedMultiplyAdd(float, float, float)"/>.</summary>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    /// <param name="c">The addend.</param>
    static abstract TSelf FusedMultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>The mask of the lanes where <c>x == y</c>.</summary>
    /// <param name="x">The first operand.</param>
    /// <param name="y">The second operand.</param>
    static abstract TSelf Equals(TSelf x, TSelf y);

    /// <summary>The mask of the lanes where <c>x &gt; y</c>.</summary>
    /// <param name="x">The first operand.</param>
    /// <param name="y">The second operand.</param>
    static abstract TSelf GreaterThan(TSelf x, TSelf y);

    /// <summary>The mask of the lanes where <c>x ≥ y</c>.</summary>
    /// <param name="x">The first operand.</param>
    /// <param name="y">The second operand.</param>
    static abstract TSelf GreaterThanOrEqual(TSelf x, TSelf y);

    /// <summary>The mask of the lanes where <c>x &lt; y</c>.</summary>
    /// <param name="x">The first operand.</param>
    /// <param name="y">The second operand.</param>
    static abstract TSelf LessThan(TSelf x, TSelf y);

    /// <summary>The mask of the lanes where <c>x ≤ y</c>.</summary>
    /// <param name="x">The first operand.</param>
    /// <param name="y">The second operand.</param>
    static abstract TSelf LessThanOrEqual(TSelf x, TSelf y);

    /// <summary><c>condition ? ifTrue : ifFalse</c> per lane, bitwise: <c>(ifTrue &amp; condition) | (ifFalse &amp; ~condition)</c>.</summary>
    /// <param name="condition">A mask from a comparison.</param>
    /// <param name="ifTrue">The lanes taken where the mask is set.</param>
    /// <param name="ifFalse">The lanes taken where it is clear.</param>
    static abstract TSelf ConditionalSelect(TSelf condition, TSelf ifTrue, TSelf ifFalse);

    /// <summary>True when some lane of <paramref name="mask"/> has all its bits set (a comparison held there).</summary>
    /// <param name="mask">A mask from a comparison.</param>
    static abstract bool AnyWhereAllBitsSet(TSelf mask);

    /// <summary>Loads <see cref="Count"/> floats from <c>source + index</c>.</summary>
    internal static abstract TSelf LoadUnsafe(ref float source, nuint index);

    /// <summary>Stores the lanes at <c>destination + index</c>.</summary>
    internal abstract void StoreUnsafe(ref float destination, nuint index);
}
