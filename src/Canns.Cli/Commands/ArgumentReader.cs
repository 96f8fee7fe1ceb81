using System.Globalization;

namespace Canns.Cli.Commands;

/// <summary>
/// Reads <c>--flag value</c> and <c>--switch</c> arguments. Every flag must be consumed: <see cref="ThrowIfUnused"/>
/// rejects the ones a command did not ask for, so a typo is an error, not a silently ignored option.
/// </summary>
public sealed class ArgumentReader
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>Parses the arguments after the verb.</summary>
    /// <exception cref="CliUsageException">An argument is not a flag, or a flag is repeated.</exception>
    public ArgumentReader(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a is "-h" or "--help")
            {
                HelpRequested = true;
                continue;
            }
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
            {
                throw new CliUsageException($"unexpected argument '{a}'; options look like --name value.");
            }
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Count && args[i + 1] is "-h" or "--help")
            {
                // `--out -h` asks for help; it does not name a file "-h".
            }
            else if (i + 1 < args.Count && !(args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2 && !char.IsDigit(args[i + 1][2])))
            {
                value = args[++i];
            }
            if (!_values.TryAdd(name, value)) throw new CliUsageException($"option --{name} is given twice.");
        }
    }

    /// <summary>True when -h or --help was given.</summary>
    public bool HelpRequested { get; }

    /// <summary>True when the switch <c>--name</c> was given (it takes no value).</summary>
    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out var value)) return false;
        return value is null ? true : throw new CliUsageException($"option --{name} takes no value (got '{value}').");
    }

    /// <summary>The string value of <c>--name</c>, or <paramref name="fallback"/>; required when fallback is null.</summary>
    public string String(string name, string? fallback = null)
    {
        _used.Add(name);
        if (_values.TryGetValue(name, out var value)) return NonBlank(name, value);
        return fallback ?? throw new CliUsageException($"option --{name} is required.");
    }

    /// <summary>The string value of <c>--name</c>, or null when absent.</summary>
    public string? OptionalString(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var value) ? NonBlank(name, value) : null;
    }

    /// <summary>The value given for <c>--name</c>; a missing, empty or all-blank one is a usage error naming the option.</summary>
    private static string NonBlank(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? throw new CliUsageException($"option --{name} needs a value.") : value;

    /// <summary>The integer value of <c>--name</c>, or <paramref name="fallback"/>.</summary>
    public int Int(string name, int fallback)
    {
        string? text = OptionalString(name);
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v : throw new CliUsageException($"option --{name} needs an integer, got '{text}'.");
    }

    /// <summary>The number value of <c>--name</c>, or <paramref name="fallback"/>; NaN and ∞ are rejected.</summary>
    public double Double(string name, double fallback)
    {
        string? text = OptionalString(name);
        if (text is null) return fallback;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new CliUsageException($"option --{name} needs a finite number, got '{text}'.");
    }

    /// <summary>One of <paramref name="choices"/> for <c>--name</c>, or <paramref name="fallback"/>.</summary>
    public string Choice(string name, string fallback, params string[] choices)
    {
        string value = String(name, fallback);
        return choices.Contains(value, StringComparer.Ordinal)
            ? value : throw new CliUsageException($"option --{name} must be one of {string.Join("|", choices)}, got '{value}'.");
    }

    /// <summary>Throws when a flag was given that the command never asked for.</summary>
    public void ThrowIfUnused()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new CliUsageException($"unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }
}
