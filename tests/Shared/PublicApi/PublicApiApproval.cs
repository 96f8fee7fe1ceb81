using System.Reflection;
using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace Canns.Testing;

/// <summary>
/// Compares an assembly's public API, as PublicApiGenerator writes it, with the approved text committed beside the test
/// (<c>PublicApi/NAME.approved.txt</c>). On a mismatch it writes what it saw to <c>PublicApi/NAME.received.txt</c>
/// (ignored by git) and fails; to approve an intended change, copy the received file over the approved one.
/// </summary>
internal static class PublicApiApproval
{
    /// <summary>Fails unless the public API of <paramref name="assembly"/> is the approved one.</summary>
    /// <param name="assembly">The library under check.</param>
    /// <param name="callerFile">The calling test's source file (filled in by the compiler); the approved file sits in its folder.</param>
    public static void Verify(Assembly assembly, [CallerFilePath] string callerFile = "")
    {
        string name = assembly.GetName().Name!;
        string folder = Path.GetDirectoryName(callerFile)!;
        if (!Directory.Exists(folder))
            Assert.Fail($"The test's source folder '{folder}' does not exist here; the public-API check needs the source tree.");

        string approvedPath = Path.Combine(folder, name + ".approved.txt");
        string receivedPath = Path.Combine(folder, name + ".received.txt");
        // PublicApiGenerator leaves out namespaces starting "System" or "Microsoft" by default; AddCanns() lives in
        // Microsoft.Extensions.DependencyInjection, as the guidelines ask, so nothing is denied here.
        var options = new ApiGeneratorOptions { IncludeAssemblyAttributes = false, DenyNamespacePrefixes = [] };
        string received = Normalize(assembly.GeneratePublicApi(options) + StaticInterfaceMembers(assembly));
        string? approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;

        if (approved == received)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail(approved is null
            ? $"No approved public API for {name}. Review {receivedPath} and, if it is right, copy it to {approvedPath}."
            : $"The public API of {name} differs from the approved one ({FirstDifference(approved, received)}). "
              + $"Diff the two files: {approvedPath} {receivedPath}; if the change is intended, copy the received file over the approved one.");
    }

    /// <summary>
    /// The static members of public interfaces with their modifiers: PublicApiGenerator prints <c>static abstract</c> and
    /// <c>static virtual</c> members (ILocalRule's) as if they were instance members, so turning one into the other
    /// would otherwise pass unnoticed.
    /// </summary>
    private static string StaticInterfaceMembers(Assembly assembly)
    {
        var lines = assembly.GetExportedTypes()
            .Where(t => t.IsInterface)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(m =>
            {
                string kind = m.IsAbstract ? "static abstract" : m.IsVirtual ? "static virtual" : "static";
                string parameters = string.Join(", ", m.GetParameters().Select(p => $"{p.ParameterType} {p.Name}"));
                return $"    {t.FullName}: {kind} {m.ReturnType} {m.Name}({parameters})";
            }))
            .Order(StringComparer.Ordinal)
            .ToList();
        return lines.Count == 0 ? "" : "\n// Static interface members, with the modifiers the listing above leaves out:\n" + string.Join("\n", lines) + "\n";
    }

    // One line ending (\n), no trailing blanks, one final newline: the check must not depend on git's autocrlf or the OS.
    private static string Normalize(string text)
    {
        string[] lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        return string.Join("\n", lines.Select(l => l.TrimEnd())).TrimEnd('\n') + "\n";
    }

    private static string FirstDifference(string approved, string received)
    {
        string[] a = approved.Split('\n'), r = received.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, r.Length); i++)
        {
            string ai = i < a.Length ? a[i] : "<end of file>", ri = i < r.Length ? r[i] : "<end of file>";
            if (ai != ri) return $"first at line {i + 1}: approved \"{ai.Trim()}\", received \"{ri.Trim()}\"";
        }
        return "no line differs";
    }
}
