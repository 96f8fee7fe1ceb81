using Canns.Models;

namespace Canns.Cli.Commands;

/// <summary>The checks every command applies to its input and output files, with messages that name the file.</summary>
internal static class CliFiles
{
    /// <summary>The memory the GC reports as available, in bytes: what the commands' up-front checks compare against.</summary>
    public static long AvailableMemory() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// Refuses a run that needs more memory than is available, before anything is allocated (on Linux an allocation too
    /// large may "succeed" and the process be killed later).
    /// </summary>
    /// <param name="needed">The bytes the run needs.</param>
    /// <param name="available">The bytes available.</param>
    /// <param name="what">What needs it, with its verb ("a layer of 4096 × 256 needs").</param>
    /// <param name="breakdown">What the bytes are for.</param>
    /// <exception cref="CliUsageException"><paramref name="needed"/> is above <paramref name="available"/>.</exception>
    public static void RequireMemory(long needed, long available, string what, string breakdown)
    {
        if (needed > available)
        {
            throw new CliUsageException($"{what} about {needed >> 20} MiB ({breakdown}) but only {available >> 20} MiB is available.");
        }
    }

    /// <summary>Reads a .npy file and rejects NaN or ±∞, naming the row and column of the first one.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid .npy array, or holds a non-finite value.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Matrix ReadFinite(string path, string what)
    {
        var m = Npy.Read(path);
        var data = m.AsSpan();
        for (int i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                // A float64 file's value beyond float32's range reads as ±∞: say so, or "Infinity" looks like a corrupt file.
                string beyond = float.IsInfinity(data[i]) ? ": infinite, or beyond float32's range (±3.4e38)" : "";
                throw new InvalidDataException($"{path}: the {what} hold a non-finite value ({data[i]}) at row {i / m.Columns}, column {i % m.Columns}{beyond}.");
            }
        }
        return m;
    }

    /// <summary>Fails fast, before any work, when <c>--out</c> cannot be a file: its folder is missing or it is a folder.</summary>
    /// <exception cref="CliUsageException">The output path is unusable.</exception>
    public static void CheckOutput(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new CliUsageException($"--out {path} is a folder; give a file name.");
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new CliUsageException($"--out {path}: the folder {folder} does not exist.");
        }
    }
}
