using System.Reflection;
using System.Text;

namespace Canns.Analysis.Reports;

/// <summary>
/// Where reports go: an output directory checked before any work starts, and files written all-or-nothing (each to
/// a temporary name in the directory, then moved over its final name only when every file was written).
/// </summary>
public static class ReportOutput
{
    /// <summary>The <c>schemaVersion</c> written in every report's JSON (see docs/report-schema.md).</summary>
    public const int SchemaVersion = 1;

    /// <summary>
    /// This build, as shard files record it in <c>producer</c>: <c>Canns</c> and the informational version of the
    /// analysis library (with the source commit when built from a repository), e.g. <c>Canns 1.0.0+0f94290…</c>.
    /// </summary>
    public static string Producer { get; } =
        "Canns " + (typeof(ReportOutput).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                    ?? typeof(ReportOutput).Assembly.GetName().Version?.ToString() ?? "unknown");

    /// <summary>
    /// Creates <paramref name="directory"/> if needed and proves it writable by creating and deleting a probe file,
    /// so a study can fail before it starts rather than after it finishes.
    /// </summary>
    /// <returns>The directory's full path.</returns>
    /// <exception cref="ArgumentException">The path is empty or invalid.</exception>
    /// <exception cref="IOException">The directory cannot be created or written (for example, the path is a file).</exception>
    /// <exception cref="UnauthorizedAccessException">Writing is not permitted.</exception>
    public static string EnsureWritable(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string full = Path.GetFullPath(directory);
        if (File.Exists(full)) throw new IOException($"The output directory '{full}' is a file.");
        try
        {
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".canns-write-probe-{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The output directory '{full}' cannot be written: {e.Message}", e);
        }
        return full;
    }

    /// <summary>
    /// Writes every file (UTF-8 without BOM) to a temporary name in <paramref name="directory"/>, then moves each over
    /// its final name. If any write fails the temporary files are deleted and no final file is touched. If a move fails
    /// (a final name taken by a folder, say), the temporary files not yet moved are deleted and the
    /// <see cref="IOException"/> names the files already replaced, so a half-replaced report is never taken for whole.
    /// </summary>
    internal static IReadOnlyList<string> WriteAll(string directory, IReadOnlyList<(string Name, string Content)> files)
    {
        string full = EnsureWritable(directory);
        var written = new List<(string Temp, string Final)>();
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        try
        {
            foreach (var (name, content) in files)
            {
                string final = Path.Combine(full, name);
                string temp = Path.Combine(full, $".{name}.{Guid.NewGuid():N}.tmp");
                written.Add((temp, final));
                File.WriteAllText(temp, content, encoding);
            }
        }
        catch
        {
            foreach (var (temp, _) in written)
            {
                try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            throw;
        }
        for (int k = 0; k < written.Count; k++)
        {
            try
            {
                File.Move(written[k].Temp, written[k].Final, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                foreach (var (temp, _) in written.Skip(k))
                {
                    try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
                string replaced = k == 0 ? "none" : string.Join(", ", written.Take(k).Select(w => Path.GetFileName(w.Final)));
                throw new IOException(
                    $"'{written[k].Final}' could not be written ({e.Message}); the report in '{full}' is incomplete: already replaced: {replaced}; not written: {string.Join(", ", written.Skip(k).Select(w => Path.GetFileName(w.Final)))}.", e);
            }
        }
        return written.Select(w => w.Final).ToArray();
    }
}
