using Canns.Models;

namespace Canns.Analysis.Tests.Common;

[TestFixture]
public class SamplingTests
{
    [TestCase(1, 1)]
    [TestCase(3, 21)]
    [TestCase(1, 64)]
    [TestCase(7, 100)]
    [TestCase(40, 1000)]
    public void RandomBipolar_EntryIsBitOfTheDraws_InOrder(int rows, int columns)
    {
        // The definition, one bit at a time: entry i is bit (i mod 64) of draw ⌊i/64⌋, 0 → −1 and 1 → +1.
        var reference = new SplitMix64(12345);
        var expected = new float[rows * columns];
        ulong bits = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (i % 64 == 0) bits = reference.Next();
            expected[i] = ((bits >> (i % 64)) & 1) == 0 ? -1f : 1f;
        }
        var random = new SplitMix64(12345);
        var m = Sampling.RandomBipolar(rows, columns, ref random);
        Assert.That(m.Data, Is.EqualTo(expected));
        Assert.That(random.Next(), Is.EqualTo(reference.Next()), "the stream continues where the reference's does");
    }
}
