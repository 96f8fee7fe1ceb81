namespace Canns.Models.Tests.IO;

public class NpyTests
{
    // Data sections below are the bytes numpy 1.24.2 np.save wrote for a (2, 3) array of each dtype.
    private static readonly object[] DTypeCases =
    [
        new object[] { "<f4", "0000c03f000000c0cdcccc3de6b1617f000000800000e040", new[] { 1.5f, -2f, 0.1f, 3e38f, -0f, 7f } },
        new object[] { "<f8", "000000000000f83f00000000000000c09a9999999999b93f9c7500883ce4377e00000000000000800000000000001c40", new[] { 1.5f, -2f, 0.1f, float.PositiveInfinity, -0f, 7f } },
        new object[] { "|i1", "8000017ffb07", new[] { -128f, 0f, 1f, 127f, -5f, 7f } },
        new object[] { "<i2", "008000000100ff7ffbff0700", new[] { -32768f, 0f, 1f, 32767f, -5f, 7f } },
        new object[] { "<i4", "000000800000000001000001ffffff7ffbffffff07000000", new[] { -2147483648f, 0f, 16777216f, 2147483648f, -5f, 7f } },
        new object[] { "<i8", "0000000000ffffff000000000000000001000000000000000000000000010000fbffffffffffffff0700000000000000", new[] { -1099511627776f, 0f, 1f, 1099511627776f, -5f, 7f } },
        new object[] { "|u1", "000102ff8007", new[] { 0f, 1f, 2f, 255f, 128f, 7f } },
        new object[] { "|b1", "010001000001", new[] { 1f, 0f, 1f, 0f, 0f, 1f } },
    ];

    [TestCaseSource(nameof(DTypeCases))]
    public void Read_NumPyDType_ConvertsToNearestFloat32(string descr, string dataHex, float[] expected)
    {
        var m = NpyFixture.Read(NpyFixture.Build(descr, "(2, 3)", Convert.FromHexString(dataHex)));

        Assert.That((m.Rows, m.Columns), Is.EqualTo((2, 3)));
        Assert.That(m.Data, Is.EqualTo(expected).AsCollection, "exact: each value is the nearest float32 (float64 1e300 becomes +∞)");
    }

    [TestCaseSource(nameof(DTypeCases))]
    public void WriteThenRead_EveryDType_RoundTripsExactly(string descr, string dataHex, float[] expected)
    {
        var original = NpyFixture.Read(NpyFixture.Build(descr, "(2, 3)", Convert.FromHexString(dataHex)));
        var stream = new MemoryStream();

        Npy.Write(stream, original);
        var back = NpyFixture.Read(stream.ToArray());

        Assert.That((back.Rows, back.Columns), Is.EqualTo((2, 3)));
        Assert.That(back.Data, Is.EqualTo(expected).AsCollection);
    }

    [TestCase("<u2", "00000100ffff", new[] { 0f, 1f, 65535f })]
    [TestCase("<u4", "0000000001000000ffffffff", new[] { 0f, 1f, 4294967296f })]
    [TestCase("<u8", "00000000000000000100000000000000ffffffffffffffff", new[] { 0f, 1f, 18446744073709551616f })]
    [TestCase("<f2", "003c00bc007c", new[] { 1f, -1f, float.PositiveInfinity })]
    public void Read_ExtraDTypes_ConvertsToNearestFloat32(string descr, string dataHex, float[] expected)
    {
        var m = NpyFixture.Read(NpyFixture.Build(descr, "(3,)", Convert.FromHexString(dataHex)));

        Assert.That(m.Data, Is.EqualTo(expected).AsCollection);
    }

    [Test]
    public void Write_SmallMatrix_MatchesNumPyBytesExactly()
    {
        var m = Matrix.FromArray(new[,] { { 1f, -2f, 3.5f }, { 0f, -0.25f, 1e30f } });
        var stream = new MemoryStream();

        Npy.Write(stream, m);

        // np.save(f, np.array([[1, -2, 3.5], [0, -0.25, 1e30]], np.float32)) with numpy 1.24.2: 128-byte header, then data.
        var expected = Convert.FromHexString(
            "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a" +
            "0000803f000000c00000604000000000000080becaf24971");
        Assert.That(stream.ToArray(), Is.EqualTo(expected).AsCollection);
    }

    [TestCase(0, 5)]
    [TestCase(1, 1)]
    [TestCase(37, 129)]
    public void WriteThenRead_RandomMatrix_RoundTripsBitForBit(int rows, int columns)
    {
        var m = TestData.RandomReal(rows, columns, seed: 7);
        var stream = new MemoryStream();

        Npy.Write(stream, m);
        stream.Position = 0;
        var back = Npy.Read(stream);

        Assert.That((back.Rows, back.Columns), Is.EqualTo((rows, columns)));
        Assert.That(back.Data, Is.EqualTo(m.Data).AsCollection);
        Assert.That((stream.Length - (long)rows * columns * 4) % 64, Is.Zero, "header padded to 64 bytes as NumPy does");
    }

    [TestCase(2)]
    [TestCase(3)]
    public void Read_FormatVersions2And3_Reads(int major)
    {
        // np.lib.format.write_array(f, np.array([1, 2, 3], np.float32), version=(major, 0)) with numpy 1.24.2.
        string hex = $"934e554d5059{major:x2}00740000007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028332c292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000803f0000004000004040";

        var m = NpyFixture.Read(Convert.FromHexString(hex));

        Assert.That((m.Rows, m.Columns), Is.EqualTo((1, 3)), "a 1-D array of length N reads as 1 × N");
        Assert.That(m.Data, Is.EqualTo(new[] { 1f, 2f, 3f }).AsCollection);
    }

    [Test]
    public void Read_Version3Utf8Header_Reads()
    {
        var bytes = NpyFixture.BuildRaw("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", NpyFixture.Floats(4f), major: 3);

        Assert.That(NpyFixture.Read(bytes).Data, Is.EqualTo(new[] { 4f }).AsCollection);
    }

    [Test]
    public void Read_Scalar_ReadsAsOneByOne()
    {
        // np.save(f, np.float32(2.5)) with numpy 1.24.2.
        var hex = "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a00002040";

        var m = NpyFixture.Read(Convert.FromHexString(hex));

        Assert.That((m.Rows, m.Columns, m[0, 0]), Is.EqualTo((1, 1, 2.5f)));
    }

    [TestCase("|b1")]
    [TestCase("<i2")]
    [TestCase("<f8")]
    [TestCase("<f4")]
    public void Read_ForwardOnlyStreamInSmallPieces_ReadsEveryElement(string descr)
    {
        // 3,001 elements straddle the 1,000-byte pieces the stream hands out at every element size.
        const int n = 3001;
        int size = descr[2] - '0';
        var data = new byte[n * size];
        var expected = new float[n];
        for (int i = 0; i < n; i++)
        {
            expected[i] = descr == "|b1" ? i % 3 == 0 ? 1 : 0 : i % 100 - 50;
            switch (descr)
            {
                case "|b1": data[i] = (byte)expected[i]; break;
                case "<i2": System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), (short)expected[i]); break;
                case "<f8": System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * i), expected[i]); break;
                default: System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), expected[i]); break;
            }
        }

        var m = Npy.Read(NpyFixture.ForwardOnly(NpyFixture.Build(descr, $"({n},)", data)));

        Assert.That(m.Data, Is.EqualTo(expected).AsCollection);
    }

    [Test]
    public void WriteToPath_ExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        string folder = Directory.CreateTempSubdirectory("canns-npy-").FullName;
        try
        {
            string path = Path.Combine(folder, "w.npy");
            File.WriteAllText(path, "old");
            var m = TestData.RandomReal(3, 4, seed: 3);

            Npy.Write(path, m);

            Assert.That(Npy.Read(path).Data, Is.EqualTo(m.Data).AsCollection);
            Assert.That(Directory.GetFiles(folder), Is.EquivalentTo(new[] { path }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
