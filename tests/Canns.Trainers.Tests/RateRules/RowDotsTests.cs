using Canns.Numerics;

namespace Canns.Trainers.Tests.RateRules;

public class RowDotsTests
{
    [Test]
    public void Compute_RandomShapes_EqualsBlasDotBitForBit(
        [Values(1, 3, 4, 5, 7, 10, 15)] int rows, [Values(1, 15, 16, 17, 37, 256)] int inputs)
    {
        var random = new Random(rows * 1000 + inputs);
        var w = new float[rows * inputs];
        var x = new float[inputs];
        foreach (ref float v in w.AsSpan()) v = (float)(random.NextDouble() * 2 - 1);
        foreach (ref float v in x.AsSpan()) v = (float)(random.NextDouble() * 2 - 1);
        var y = new float[rows];
        RowDots.Compute(w, x, y);
        for (int i = 0; i < rows; i++)
        {
            Assert.That(BitConverter.SingleToInt32Bits(y[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(Blas.Dot(w.AsSpan(i * inputs, inputs), x))), $"row {i}");
        }
    }
}
