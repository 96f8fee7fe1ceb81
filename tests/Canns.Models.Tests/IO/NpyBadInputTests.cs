namespace Canns.Models.Tests.IO;

public class NpyBadInputTests
{
    private static readonly byte[] SixFloats = NpyFixture.Floats(1, 2, 3, 4, 5, 6);

    private static InvalidDataException Rejects(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => NpyFixture.Read(bytes))!;

    [Test]
    public void Read_FortranOrder_ThrowsNamingFortran()
    {
        var e = Rejects(NpyFixture.Build("<f4", "(2, 3)", SixFloats, fortran: true));
        Assert.That(e.Message, Does.Contain("Fortran"));
    }

    [Test]
    public void Read_ObjectArray_ThrowsWithoutUnpickling()
    {
        // The pickle stream numpy writes for object arrays follows the header; it must never be interpreted.
        var e = Rejects(NpyFixture.Build("|O", "(1, 2)", "\u0080\u0003cnumpy.core.multiarray\n_reconstruct\n"u8));
        Assert.That(e.Message, Does.Contain("object array").And.Contain("'|O'"));
    }

    [TestCase(">f4")]
    [TestCase(">i2")]
    [TestCase(">f8")]
    public void Read_BigEndian_ThrowsNamingByteOrder(string descr)
    {
        var e = Rejects(NpyFixture.Build(descr, "(1,)", new byte[descr[2] - '0']));
        Assert.That(e.Message, Does.Contain("big-endian").And.Contain(descr));
    }

    [TestCase("<c8")]
    [TestCase("<U5")]
    [TestCase("|S3")]
    [TestCase("<M8")]
    [TestCase("|f4")]
    [TestCase("")]
    public void Read_UnsupportedDType_ThrowsListingSupported(string descr)
    {
        var e = Rejects(NpyFixture.Build(descr, "(0,)", []));
        Assert.That(e.Message, Does.Contain($"'{descr}'").And.Contain("'<f4'"));
    }

    [Test]
    public void Read_StructuredDType_ThrowsNamingStructured()
    {
        var bytes = NpyFixture.BuildRaw("{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        Assert.That(Rejects(bytes).Message, Does.Contain("structured"));
    }

    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), ")]
    [TestCase("not a dict at all")]
    [TestCase("")]
    [TestCase("{'descr': '<f4', 'fortran_order': False}")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3]}")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 6)}")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': ('2', 3)}")]
    [TestCase("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} trailing")]
    [TestCase("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (((((((((6,),),),),),),),),)}")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 1)}")]
    [TestCase("{'descr': '<f4\\x00', 'fortran_order': False, 'shape': (6,)}")]
    public void Read_HeaderThatDoesNotParse_ThrowsSayingSo(string dict)
    {
        var e = Rejects(NpyFixture.BuildRaw(dict, SixFloats));
        Assert.That(e.Message, Does.Contain("does not parse"));
        Assert.That(e.Message, Does.Not.Contain("\n"), "one line, even for a hostile header");
    }

    [Test]
    public void Read_ThreeDimensions_ThrowsNamingTheShape()
    {
        var e = Rejects(NpyFixture.Build("<f4", "(1, 2, 3)", SixFloats));
        Assert.That(e.Message, Does.Contain("3 dimensions").And.Contain("(1, 2, 3)"));
    }

    [Test]
    public void Read_ShapeNeedsMoreBytesThanTheFileHolds_ThrowsTruncated()
    {
        var e = Rejects(NpyFixture.Build("<f4", "(2, 3)", SixFloats.AsSpan(0, 20)));
        Assert.That(e.Message, Does.Contain("truncated").And.Contain("(2, 3)").And.Contain("24 bytes").And.Contain("only 20"));
    }

    [Test]
    public void Read_FileHoldsMoreBytesThanTheShape_ThrowsSizeMismatch()
    {
        var e = Rejects(NpyFixture.Build("<f4", "(1, 5)", SixFloats));
        Assert.That(e.Message, Does.Contain("size mismatch").And.Contain("20 bytes").And.Contain("24"));
    }

    [TestCase("(1000000000000, 1000000000000)")]
    [TestCase("(9223372036854775807, 9223372036854775807)")]
    [TestCase("(50000, 50000)")]
    public void Read_AbsurdShapeInSmallFile_ThrowsBeforeAllocating(string shape)
    {
        var bytes = NpyFixture.Build("<f8", shape, SixFloats);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Rejects(bytes);

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(e.Message, Does.Contain("truncated").And.Contain(shape));
        Assert.That(allocated, Is.LessThan(1 << 20), "the data buffer must not be allocated");
    }

    [TestCase("(1000000000000, 1000000000000)", "more than a Matrix can hold")]
    [TestCase("(3000000000,)", "more than a Matrix can hold")]
    [TestCase("(20000, 20000)", "truncated")]
    public void Read_AbsurdShapeFromForwardOnlyStream_ThrowsWithoutAllocatingTheClaimedSize(string shape, string problem)
    {
        var bytes = NpyFixture.Build("<f4", shape, SixFloats);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(NpyFixture.ForwardOnly(bytes)))!;

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(e.Message, Does.Contain(problem));
        Assert.That(allocated, Is.LessThan(4 << 20), "memory grows with the bytes that arrive, not with the claimed shape");
    }

    [Test]
    public void Read_ForwardOnlyStreamWithTrailingBytes_ThrowsSizeMismatch()
    {
        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(NpyFixture.ForwardOnly(NpyFixture.Build("<f4", "(5,)", SixFloats))))!;
        Assert.That(e.Message, Does.Contain("size mismatch"));
    }

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(7)]
    [TestCase(9)]
    [TestCase(40)]
    public void Read_FileCutShort_ThrowsTruncatedOrBadMagic(int keep)
    {
        var whole = NpyFixture.Build("<f4", "(2, 3)", SixFloats);

        var e = Rejects(whole[..keep]);

        Assert.That(e.Message, keep < 6 ? Does.Contain("bad magic") : Does.Contain("truncated"));
    }

    [Test]
    public void Read_BadMagic_ThrowsSayingNotNpy()
    {
        var e = Rejects("hello, this is text\n"u8.ToArray());
        Assert.That(e.Message, Does.Contain("bad magic"));
    }

    [Test]
    public void Read_ZipArchive_ThrowsHintingAtNpz()
    {
        var e = Rejects([(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0]);
        Assert.That(e.Message, Does.Contain("bad magic").And.Contain(".npz"));
    }

    [TestCase(4, 0)]
    [TestCase(1, 1)]
    [TestCase(0, 0)]
    public void Read_UnknownVersion_ThrowsNamingIt(int major, int minor)
    {
        var bytes = NpyFixture.Build("<f4", "(6,)", SixFloats);
        bytes[6] = (byte)major;
        bytes[7] = (byte)minor;
        Assert.That(Rejects(bytes).Message, Does.Contain($"version {major}.{minor}"));
    }

    [Test]
    public void Read_HugeHeaderLength_ThrowsBeforeAllocatingIt()
    {
        byte[] bytes = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0xff, 0xff, 0xff, 0xff, (byte)'{'];
        Assert.That(Rejects(bytes).Message, Does.Contain("4294967295"));
    }

    [Test]
    public void Read_Version3HeaderNotUtf8_ThrowsSayingSo()
    {
        var bytes = NpyFixture.BuildRaw("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", SixFloats, major: 3);
        bytes[12] = 0xff; // inside "{'descr'"
        Assert.That(Rejects(bytes).Message, Does.Contain("UTF-8"));
    }

    [Test]
    public void ReadPath_BadFile_MessageStartsWithThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"canns-bad-{Guid.NewGuid():N}.npy");
        File.WriteAllText(path, "not npy");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => Npy.Read(path))!;
            Assert.That(e.Message, Does.StartWith(path + ": bad magic"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void ReadPath_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => Npy.Read(Path.Combine(Path.GetTempPath(), $"canns-missing-{Guid.NewGuid():N}.npy")));
    }

    [Test]
    public void WritePath_MissingFolder_ThrowsAndCreatesNothing()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"canns-missing-{Guid.NewGuid():N}");
        var e = Assert.Throws<DirectoryNotFoundException>(() => Npy.Write(Path.Combine(folder, "w.npy"), new Matrix(2, 2)))!;
        Assert.That(e.Message, Does.Contain("does not exist"));
        Assert.That(Directory.Exists(folder), Is.False);
    }

    [Test]
    public void WritePath_PathIsAFolder_ThrowsAndLeavesItAlone()
    {
        string folder = Directory.CreateTempSubdirectory("canns-npy-").FullName;
        try
        {
            var e = Assert.Throws<ArgumentException>(() => Npy.Write(folder, new Matrix(2, 2)))!;
            Assert.That(e.Message, Does.Contain("is a folder"));
            Assert.That(Directory.GetFileSystemEntries(folder), Is.Empty, "no temporary file is left behind");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Read_NullOrUnreadable_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Npy.Read((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => Npy.Read((string)null!));
        var closed = new MemoryStream();
        closed.Dispose();
        Assert.Throws<ArgumentException>(() => Npy.Read(closed));
    }

    [Test]
    public void Read_ForwardOnlyStreamEndingInsideTheHeader_ThrowsTruncatedNamingTheHeaderLength()
    {
        // A pipe cannot be measured beforehand: the header's own length is what the message can name. NumPy pads a
        // v1.0 file's 10-byte preamble plus header to a multiple of 64: the 59-character dict here makes 128, so 118.
        var whole = NpyFixture.Build("<f4", "(2, 3)", SixFloats);

        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(NpyFixture.ForwardOnly(whole[..30])))!;

        Assert.That(e.Message, Does.Contain("truncated").And.Contain("inside the 118-byte header"));
    }

    [Test]
    public void Read_SeekableStreamShorterThanItsLength_ThrowsTruncatedNamingWhereTheDataEnd()
    {
        // The stream claims the 24 data bytes a (2, 3) float32 array needs but delivers 10 of them.
        var whole = NpyFixture.Build("<f4", "(2, 3)", SixFloats);

        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(new ShortStream(whole[..^14], claimedLength: whole.Length)))!;

        Assert.That(e.Message, Does.Contain("truncated").And.Contain("(2, 3)").And.Contain("'<f4'").And.Contain("after 10 bytes"));
    }

    /// <summary>A seekable stream whose <see cref="Stream.Length"/> is larger than the bytes it delivers.</summary>
    private sealed class ShortStream(byte[] bytes, long claimedLength) : MemoryStream(bytes, writable: false)
    {
        public override long Length => claimedLength;
    }
}
