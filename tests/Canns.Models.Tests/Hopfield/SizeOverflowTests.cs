namespace Canns.Models.Tests.Hopfield;

/// <summary>N·N must be formed in 64 bits: sizes whose square wraps around in 32-bit arithmetic are rejected, not truncated.</summary>
public class SizeOverflowTests
{
    // 46,341² is the first square above int.MaxValue; 65,536² wraps to exactly 0 in 32 bits; int.MaxValue² wraps to 1.
    [TestCase(46_341)]
    [TestCase(65_536)]
    [TestCase(int.MaxValue)]
    public void AmariHopfieldNetwork_SquareOverflowsInt32_ThrowsNamingTheElementCount(int neurons)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AmariHopfieldNetwork(neurons));

        Assert.That(e!.Message, Does.Contain($"{neurons} × {neurons}").And.Contain(((long)neurons * neurons).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase(65_536, 65_536)]
    [TestCase(1, int.MaxValue)]
    public void Matrix_ElementCountBeyondArrayLimit_Throws(int rows, int columns)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Matrix(rows, columns));

        Assert.That(e!.Message, Does.Contain("more than the"));
    }

    [Test]
    public void Resize_SquareOverflowsInt32_ThrowsAndKeepsTheOriginal()
    {
        var net = new AmariHopfieldNetwork(4);
        net.W.AsSpan().Fill(0.5f);
        net.SetState([1, -1, 1, -1]);

        Assert.Throws<ArgumentOutOfRangeException>(() => net.Resize(65_536));

        Assert.That(net.Size, Is.EqualTo(4));
        Assert.That(net.W.ToArray(), Is.All.EqualTo(0.5f));
        Assert.That(net.State.ToArray(), Is.EqualTo(new float[] { 1, -1, 1, -1 }));
    }
}
