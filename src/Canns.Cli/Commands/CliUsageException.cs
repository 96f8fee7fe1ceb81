namespace Canns.Cli.Commands;

/// <summary>A command line that cannot be understood: an unknown, missing or malformed flag.</summary>
public sealed class CliUsageException(string message) : Exception(message);
