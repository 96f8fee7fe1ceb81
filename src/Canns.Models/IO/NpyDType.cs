using System.Buffers.Binary;

namespace Canns.Models;

/// <summary>The element types a .npy file may hold that <see cref="Npy"/> reads, each converted to float32.</summary>
internal enum NpyKind
{
    Bool,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float16,
    Float32,
    Float64,
}

/// <summary>A little-endian element type parsed from a .npy <c>descr</c> string such as <c>'&lt;f4'</c>.</summary>
/// <param name="Descr">The type string as the file gives it, for messages.</param>
/// <param name="Kind">The element type.</param>
/// <param name="Size">Bytes per element.</param>
internal readonly record struct NpyDType(string Descr, NpyKind Kind, int Size)
{
    /// <summary>The descr strings accepted, for messages.</summary>
    public const string Supported = "'<f4', '<f8', '<f2', '|i1', '<i2', '<i4', '<i8', '|u1', '<u2', '<u4', '<u8', '|b1'";

    /// <summary>Parses a NumPy array-protocol type string; rejects what this reader cannot convert, saying why.</summary>
    /// <exception cref="InvalidDataException">The type is an object, big-endian or otherwise unsupported type.</exception>
    public static NpyDType Parse(string descr)
    {
        if (descr.TrimStart('<', '>', '|', '=').StartsWith('O'))
        {
            throw new InvalidDataException($"dtype '{descr}' is an object array (pickled Python objects), which is never loaded: unpickling can run arbitrary code.");
        }
        if (descr.Length != 3)
        {
            throw new InvalidDataException($"dtype '{descr}' is not supported; supported: {Supported}.");
        }
        char order = descr[0];
        string code = descr[1..];
        NpyKind? kind = code switch
        {
            "b1" => NpyKind.Bool,
            "i1" => NpyKind.Int8,
            "u1" => NpyKind.UInt8,
            "i2" => NpyKind.Int16,
            "u2" => NpyKind.UInt16,
            "i4" => NpyKind.Int32,
            "u4" => NpyKind.UInt32,
            "i8" => NpyKind.Int64,
            "u8" => NpyKind.UInt64,
            "f2" => NpyKind.Float16,
            "f4" => NpyKind.Float32,
            "f8" => NpyKind.Float64,
            _ => null,
        };
        if (kind is null || order is not ('<' or '>' or '|' or '='))
        {
            throw new InvalidDataException($"dtype '{descr}' is not supported; supported: {Supported}.");
        }
        int size = code[1] - '0';
        if (size > 1 && order == '>')
        {
            throw new InvalidDataException($"dtype '{descr}' is big-endian; only little-endian files are read (save with arr.astype(arr.dtype.newbyteorder('<'))).");
        }
        if (size > 1 && order == '|')
        {
            throw new InvalidDataException($"dtype '{descr}' has no byte order although its elements are {size} bytes wide; supported: {Supported}.");
        }
        if (order == '=' && !BitConverter.IsLittleEndian)
        {
            throw new InvalidDataException($"dtype '{descr}' is in the writer's native byte order, which is ambiguous; only little-endian files are read.");
        }
        return new NpyDType(descr, kind.Value, size);
    }

    /// <summary>Converts whole elements of <paramref name="source"/> (little-endian bytes) to float32.</summary>
    public void Convert(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int count = destination.Length;
        switch (Kind)
        {
            case NpyKind.Bool:
                for (int i = 0; i < count; i++) destination[i] = source[i] != 0 ? 1f : 0f;
                break;
            case NpyKind.Int8:
                for (int i = 0; i < count; i++) destination[i] = (sbyte)source[i];
                break;
            case NpyKind.UInt8:
                for (int i = 0; i < count; i++) destination[i] = source[i];
                break;
            case NpyKind.Int16:
                for (int i = 0; i < count; i++) destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(2 * i)..]);
                break;
            case NpyKind.UInt16:
                for (int i = 0; i < count; i++) destination[i] = BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]);
                break;
            case NpyKind.Int32:
                for (int i = 0; i < count; i++) destination[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]);
                break;
            case NpyKind.UInt32:
                for (int i = 0; i < count; i++) destination[i] = BinaryPrimitives.ReadUInt32LittleEndian(source[(4 * i)..]);
                break;
            case NpyKind.Int64:
                for (int i = 0; i < count; i++) destination[i] = BinaryPrimitives.ReadInt64LittleEndian(source[(8 * i)..]);
                break;
            case NpyKind.UInt64:
                for (int i = 0; i < count; i++) destination[i] = BinaryPrimitives.ReadUInt64LittleEndian(source[(8 * i)..]);
                break;
            case NpyKind.Float16:
                for (int i = 0; i < count; i++) destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(2 * i)..]);
                break;
            case NpyKind.Float32:
                if (BitConverter.IsLittleEndian)
                {
                    System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(source[..(4 * count)]).CopyTo(destination);
                    break;
                }
                for (int i = 0; i < count; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                break;
            default:
                for (int i = 0; i < count; i++) destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                break;
        }
    }
}
