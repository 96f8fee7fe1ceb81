using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Configuration;

namespace Canns.Trainers;

/// <summary>
/// Reads a learning-rate schedule from a configuration section, since the binder cannot create an interface:
/// <c>Kind</c> is <c>constant</c> (<c>Rate</c>), <c>step</c> (<c>InitialRate</c>, <c>StepSize</c>, <c>Gamma</c>) or
/// <c>exponential</c> (<c>InitialRate</c>, <c>Decay</c>, optional <c>MinimumRate</c>, 0 by default).
/// </summary>
internal static class ScheduleConfiguration
{
    /// <summary>The kinds, and the keys each takes besides <c>Kind</c>.</summary>
    private static readonly Dictionary<string, string[]> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["constant"] = ["Rate"],
        ["step"] = ["InitialRate", "StepSize", "Gamma"],
        ["exponential"] = ["InitialRate", "Decay", "MinimumRate"],
    };

    /// <summary>The schedule <paramref name="section"/> describes; <paramref name="path"/> names the section in messages.</summary>
    /// <exception cref="InvalidOperationException">The kind is missing or unknown, a key is missing, unknown or not a
    /// number, or a value is out of range for the schedule (the message names the key).</exception>
    public static ILearningRateSchedule Read(IConfigurationSection section, string path)
    {
        string? kind = section["Kind"];
        if (kind is null || !Keys.TryGetValue(kind, out string[]? keys))
        {
            throw new InvalidOperationException(
                $"{path}:Kind ({(kind is null ? "missing" : $"'{kind}'")}) must be one of {string.Join(", ", Keys.Keys)}.");
        }
        foreach (var child in section.GetChildren())
        {
            if (!child.Key.Equals("Kind", StringComparison.OrdinalIgnoreCase) && !keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{path}:{child.Key} is not a key of a {kind.ToLowerInvariant()} schedule (Kind, {string.Join(", ", keys)}).");
            }
        }
        try
        {
            return kind.ToLowerInvariant() switch
            {
                "constant" => new ConstantSchedule(Number<float>(section, "Rate", path)),
                "step" => new StepSchedule(Number<float>(section, "InitialRate", path), Number<long>(section, "StepSize", path),
                    Number<float>(section, "Gamma", path)),
                _ => new ExponentialDecaySchedule(Number<float>(section, "InitialRate", path), Number<double>(section, "Decay", path),
                    section["MinimumRate"] is null ? 0f : Number<float>(section, "MinimumRate", path)),
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            // The schedule's own message, without .NET's parameter and actual-value suffixes, under the key it is about.
            string message = e.Message.Split('\n')[0].Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            string key = string.IsNullOrEmpty(e.ParamName) ? "" : ":" + char.ToUpperInvariant(e.ParamName[0]) + e.ParamName[1..];
            throw new InvalidOperationException($"{path}{key}: {message}", e);
        }
    }

    private static T Number<T>(IConfigurationSection section, string key, string path)
        where T : INumber<T>
    {
        string? text = section[key] ?? throw new InvalidOperationException($"{path}:{key} is missing.");
        return T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out T? value)
            ? value
            : throw new InvalidOperationException($"{path}:{key} ('{text}') is not a number.");
    }
}
