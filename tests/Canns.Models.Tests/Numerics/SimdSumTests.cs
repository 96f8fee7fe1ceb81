using System.Runtime.Intrinsics;
using Canns.Numerics;

namespace Canns.Models.Tests.Numerics;

[TestFixture]
public class SimdSumTests
{
    /// <summary>The documented tree written out lane by lane: halve while more than four lanes, then (q0 + q2) + (q1 + q3).</summary>
    private static float TreeReference(float[] lanes)
    {
        var t = (float[])lanes.Clone();
        for (int half = t.Length / 2; half >= 4; half /= 2)
        {
            for (int l = 0; l < half; l++) t[l] = t[l] + t[l + half];
        }
        return (t[0] + t[2]) + (t[1] + t[3]);
    }

    /// <summary>Lanes of very different magnitudes, so the order of the additions shows in the result.</summary>
    private static float[] OrderSensitive(int width, Random random) =>
        Enumerable.Range(0, width).Select(_ => (float)((random.NextDouble() * 2 - 1) * Math.Pow(2, random.Next(-20, 20)))).ToArray();

    [Test]
    public void Simd512Sum_RandomLanes_EqualsTheDocumentedTree()
    {
        var random = new Random(51);
        int orderMattered = 0;
        for (int trial = 0; trial < 1000; trial++)
        {
            var lanes = OrderSensitive(16, random);
            float expected = TreeReference(lanes);
            Assert.That(Simd512.Sum(Vector512.Create(lanes)), Is.EqualTo(expected), $"trial {trial}");
            float sequential = 0f;
            foreach (float x in lanes) sequential += x;
            if (sequential != expected) orderMattered++;
        }
        // Otherwise the data could not tell one order from another.
        Assert.That(orderMattered, Is.GreaterThan(100));
    }

    [Test]
    public void Simd256Sum_RandomLanes_EqualsTheDocumentedTree()
    {
        var random = new Random(52);
        for (int trial = 0; trial < 1000; trial++)
        {
            var lanes = OrderSensitive(8, random);
            Assert.That(Simd256.Sum(Vector256.Create(lanes)), Is.EqualTo(TreeReference(lanes)), $"trial {trial}");
        }
    }
}
