using System.Buffers.Binary;
using System.Text;

namespace Canns.Models.Tests.IO;

/// <summary>Builds .npy bytes the way numpy.save lays them out, so tests need no Python.</summary>
internal static class NpyFixture
{
    /// <summary>A file with the given descr, shape literal (e.g. "(2, 3)") and raw data; header padded as NumPy pads it.</summary>
    public static byte[] Build(string descr, string shape, ReadOnlySpan<byte> data, int major = 1, bool fortran = false) =>
        BuildRaw($"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}", data, major);

    /// <summary>A file with an arbitrary header dict text (padded with spaces and a newline to a multiple of 64 bytes).</summary>
    public static byte[] BuildRaw(string dict, ReadOnlySpan<byte> data, int major = 1)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 6 + 2 + lengthBytes + dict.Length + 1;
        string header = dict + new string(' ', 64 - unpadded % 64) + "\n";
        byte[] headerBytes = major == 3 ? Encoding.UTF8.GetBytes(header) : Encoding.Latin1.GetBytes(header);
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        var length = new byte[lengthBytes];
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerBytes.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerBytes.Length);
        bytes.AddRange(length);
        bytes.AddRange(headerBytes);
        bytes.AddRange(data.ToArray());
        return [.. bytes];
    }

    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    public static Matrix Read(byte[] bytes) => Npy.Read(new MemoryStream(bytes, writable: false));

    /// <summary>The bytes of <paramref name="bytes"/> through a stream that cannot seek, as a pipe delivers them.</summary>
    public static Stream ForwardOnly(byte[] bytes) => new ForwardOnlyStream(new MemoryStream(bytes, writable: false));

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        // Deliver at most 1,000 bytes per call, so reads that assume whole buffers arrive at once would fail.
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1000));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
