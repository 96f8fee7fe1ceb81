namespace Canns.Analysis.Tests.Reports;

/// <summary>Corrupted copies of a shard file's text for the read tests.</summary>
internal static class ShardFileEdits
{
    /// <summary>
    /// Writes <paramref name="text"/> with <paramref name="edit"/> applied to a new file and returns its path: an edit
    /// <c>old|new</c> replaces the first <c>old</c> (which must be there, so the edit cannot silently miss); any other
    /// edit is the whole text.
    /// </summary>
    public static string Write(string text, string edit)
    {
        if (edit.Contains('|'))
        {
            string[] parts = edit.Split('|');
            Assert.That(text, Does.Contain(parts[0]), "the edit applies");
            int at = text.IndexOf(parts[0], StringComparison.Ordinal);
            text = text[..at] + parts[1] + text[(at + parts[0].Length)..];
        }
        else
        {
            text = edit;
        }
        string path = Path.Combine(TestData.TempDirectory(), "bad.json");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes <paramref name="text"/>, parsed and changed by <paramref name="edit"/>, to a new file and returns its path.</summary>
    public static string Write(string text, Action<System.Text.Json.Nodes.JsonNode> edit)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        edit(root);
        string path = Path.Combine(TestData.TempDirectory(), "edited.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }
}
