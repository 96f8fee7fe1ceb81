using Spectre.Console;

namespace Canns.Cli.Rendering;

/// <summary>Chooses the Spectre console a command renders progress on.</summary>
internal static class CliConsole
{
    /// <summary>
    /// The process console when <paramref name="stdout"/> is <see cref="Console.Out"/> (Spectre then detects whether it
    /// is interactive); otherwise a plain, non-interactive console over the writer, so callers that capture output
    /// (tests, hosts) get no live display and no escape codes.
    /// </summary>
    public static IAnsiConsole For(TextWriter stdout) =>
        ReferenceEquals(stdout, Console.Out)
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
}
