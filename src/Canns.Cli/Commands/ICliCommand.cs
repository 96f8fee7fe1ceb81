namespace Canns.Cli.Commands;

/// <summary>One verb of the <c>canns</c> command.</summary>
public interface ICliCommand
{
    /// <summary>The verb, e.g. <c>store</c>.</summary>
    string Name { get; }

    /// <summary>One line saying what it does.</summary>
    string Summary { get; }

    /// <summary>The flags it takes, for the usage line.</summary>
    string Usage { get; }

    /// <summary>Runs the verb; returns the exit code. Throws an <see cref="ArgumentException"/>-family exception for bad input.</summary>
    int Execute(ArgumentReader arguments, TextWriter stdout, TextWriter stderr);
}
