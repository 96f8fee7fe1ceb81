using Canns.Cli.Commands;

namespace Canns.Cli;

/// <summary>
/// The <c>canns</c> command: dispatches to one <see cref="ICliCommand"/> per verb. Exit codes: 0 success, 2 bad
/// input (one line on stderr that names the problem), 1 an unexpected failure.
/// </summary>
public static class CliApp
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for an unexpected failure.</summary>
    public const int Failure = 1;

    /// <summary>Exit code for bad input: bad flags, unreadable or invalid files, out-of-range values.</summary>
    public const int BadInput = 2;

    /// <summary>Every verb the command knows, by name.</summary>
    public static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        // One line per command; each lives in Commands/ in a file of its own.
        new LearnCommand(),
        new StdpCommand(),
        new HomeostaticCommand(),
        new CapacityCommand(),
        new EnergyReportCommand(),
        new MergeCommand(),
        new StoreCommand(),
        new RecallCommand(),
    ];

    /// <summary>Runs the command line <paramref name="args"/>, writing output to <paramref name="stdout"/> and errors to <paramref name="stderr"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Usage());
            return args.Length == 0 ? BadInput : Success;
        }
        if (args[0] == "--version")
        {
            if (args.Length > 1)
            {
                stderr.WriteLine($"canns --version: takes no arguments, got '{args[1]}'.");
                return BadInput;
            }
            stdout.WriteLine(Analysis.Reports.ReportOutput.Producer);
            return Success;
        }
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"canns: unknown command '{args[0]}'; known commands: {string.Join(", ", Commands.Select(c => c.Name))}.");
            return BadInput;
        }
        try
        {
            var arguments = new ArgumentReader(args.AsSpan(1).ToArray());
            if (arguments.HelpRequested)
            {
                stdout.WriteLine($"usage: canns {command.Name} {command.Usage}");
                return Success;
            }
            return command.Execute(arguments, stdout, stderr);
        }
        catch (Exception e) when (IsBadInput(e))
        {
            stderr.WriteLine($"canns {command.Name}: {OneLine(BareMessage(e))}");
            return BadInput;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"canns {command.Name}: unexpected failure: {OneLine(e.Message)}");
            return Failure;
        }
    }

    // NotFiniteNumberException: a trainer whose update left W non-finite (data or rates too large); the Hebbian rule
    // refuses patterns too large for float32 before any work, as an ArgumentException, so both are bad input.
    private static bool IsBadInput(Exception e) =>
        e is ArgumentException or InvalidDataException or FormatException or IOException or KeyNotFoundException
            or UnauthorizedAccessException or OutOfMemoryException or NotFiniteNumberException or CliUsageException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    /// <summary>
    /// The message without the " (Parameter 'x')" suffix .NET appends to argument exceptions, nor the "Actual value
    /// was …" line an <see cref="ArgumentOutOfRangeException"/> with an actual value adds.
    /// </summary>
    internal static string BareMessage(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentOutOfRangeException { ActualValue: not null } && message.LastIndexOf('\n') is > 0 and int cut) message = message[..cut].TrimEnd('\r');
        return e is ArgumentException { ParamName: { } name } ? message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : message;
    }

    private static string Usage() =>
        "usage: canns <command> [options]\n       canns --version   (the build, as shard files record it)\n\ncommands:\n" +
        string.Join("\n", Commands.Select(c => $"  {c.Name,-14} {c.Summary}"));
}
