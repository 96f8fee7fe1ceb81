using System.Text.RegularExpressions;

namespace Canns.Cli.Commands;

/// <summary>
/// Puts the flags a user typed in place of the option properties that a library validation names: <c>Epochs (0) must
/// be at least 1.</c> becomes <c>--epochs (0) must be at least 1.</c>.
/// </summary>
internal static class FlagNames
{
    /// <summary>
    /// Runs <paramref name="create"/>; an <see cref="ArgumentException"/> it throws comes back as a usage error, without
    /// .NET's " (Parameter …)" suffix, whose message names each property of <paramref name="flags"/> (as
    /// <c>Property (value)</c>) by its flag instead.
    /// </summary>
    public static T Checked<T>(Func<T> create, params (string Property, string Flag)[] flags) => Run(create, flags, wholeWords: false);

    /// <inheritdoc cref="Checked{T}(Func{T}, ValueTuple{string, string}[])"/>
    public static void Checked(Action validate, params (string Property, string Flag)[] flags) =>
        Checked(() => { validate(); return 0; }, flags);

    /// <summary>
    /// As <see cref="Checked{T}(Func{T}, ValueTuple{string, string}[])"/>, but renames every whole-word mention of a
    /// property (<c>Loads lists a value twice</c>, <c>lower Trials or the lists</c>), not only <c>Property (value)</c>:
    /// for options whose property names are plural nouns no other word of a message can be.
    /// </summary>
    public static T CheckedWords<T>(Func<T> create, params (string Property, string Flag)[] flags) => Run(create, flags, wholeWords: true);

    private static T Run<T>(Func<T> create, (string Property, string Flag)[] flags, bool wholeWords)
    {
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(Rename(CliApp.BareMessage(e), flags, wholeWords));
        }
    }

    /// <summary>
    /// Replaces <c>Property (</c> by <c>--flag (</c> wherever the property stands as a whole name (not the end of a
    /// longer one such as <c>Metaplasticity.LearningRate</c>); with <paramref name="wholeWords"/>, every whole-word mention.
    /// </summary>
    internal static string Rename(string message, IEnumerable<(string Property, string Flag)> flags, bool wholeWords = false)
    {
        foreach (var (property, flag) in flags)
        {
            message = Regex.Replace(message, $@"(?<![\w.-]){Regex.Escape(property)}" + (wholeWords ? @"(?!\w|\.\w)" : @"(?= \()"), "--" + flag);
        }
        return message;
    }
}
