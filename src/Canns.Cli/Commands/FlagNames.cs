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
    public static T Checked<T>(Func<T> create, params (string Property, string Flag)[] flags)
    {
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(Rename(CliApp.BareMessage(e), flags));
        }
    }

    /// <inheritdoc cref="Checked{T}(Func{T}, ValueTuple{string, string}[])"/>
    public static void Checked(Action validate, params (string Property, string Flag)[] flags) =>
        Checked(() => { validate(); return 0; }, flags);

    /// <summary>
    /// Replaces <c>Property (</c> by <c>--flag (</c> wherever the property stands as a whole name (not the end of a
    /// longer one such as <c>Metaplasticity.LearningRate</c>).
    /// </summary>
    internal static string Rename(string message, IEnumerable<(string Property, string Flag)> flags)
    {
        foreach (var (property, flag) in flags)
        {
            message = Regex.Replace(message, $@"(?<![\w.]){Regex.Escape(property)}(?= \()", "--" + flag);
        }
        return message;
    }
}
