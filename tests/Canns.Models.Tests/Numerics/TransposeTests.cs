using System.Runtime.InteropServices;
using Canns.Numerics;

namespace Canns.Models.Tests.Numerics;

[TestFixture]
public class TransposeTests
{
    // Shapes below, at and past whole 16 × 16 blocks in each direction, strides wider than the shape, and −0 and NaN
    // payloads that a copy must keep bit for bit.
    [TestCase(1, 1, 1, 1)]
    [TestCase(16, 16, 16, 16)]
    [TestCase(17, 33, 40, 20)]
    [TestCase(100, 203, 203, 112)]
    [TestCase(203, 100, 112, 203)]
    [TestCase(48, 15, 15, 64)]
    [TestCase(4, 1000, 1000, 16)]
    public void Transpose_EqualsTheNaiveCopyBitForBit(int rows, int columns, int sourceStride, int targetStride)
    {
        var random = new Random(rows * 1000 + columns);
        var source = new float[rows * sourceStride];
        for (int k = 0; k < source.Length; k++) source[k] = (float)(random.NextDouble() * 2 - 1);
        source[0] = -0f;
        if (source.Length > 5) source[5] = BitConverter.Int32BitsToSingle(0x7FC0_1234);
        var target = Enumerable.Repeat(99f, columns * targetStride).ToArray();
        var expected = (float[])target.Clone();
        for (int r = 0; r < rows; r++)
        for (int c = 0; c < columns; c++) expected[c * targetStride + r] = source[r * sourceStride + c];

        Blas.Transpose(ref MemoryMarshal.GetArrayDataReference(source), sourceStride, ref MemoryMarshal.GetArrayDataReference(target), targetStride, rows, columns);

        Assert.That(target.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)),
            "every element moved, padding beyond the shape untouched");
    }
}
