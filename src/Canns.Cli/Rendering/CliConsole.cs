using Spectre.Console;

namespace Canns.Cli.Rendering;

/// <summary>Chooses the Spectre console a command renders progress on.</summary>
internal static class CliConsole
{
    /// <summary>
    /// Null when <paramref name="stdout"/> is <see cref="Console.Out"/>: <see cref="ConsoleProgress.Run"/> then takes the
    /// process console, created only when the output is not redirected (Spectre detects whether it is interactive);
    /// otherwise a plain, non-interactive console over the writer, so callers that capture output (tests, hosts) get no
    /// live display and no escape codes.
    /// </summary>
    public static IAnsiConsole? For(TextWriter stdout) =>
        ReferenceEquals(stdout, Console.Out)
            ? null
            : AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
}
