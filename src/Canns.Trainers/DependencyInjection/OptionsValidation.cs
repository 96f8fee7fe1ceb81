using Microsoft.Extensions.Options;

namespace Canns.Trainers;

/// <summary>Runs an options class's own <c>Validate()</c> for one named instance, turning its exception (which lists every problem) into a failure.</summary>
internal sealed class OptionsValidation<TOptions>(string name, Action<TOptions> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? optionsName, TOptions options)
    {
        if (!string.Equals(optionsName, name, StringComparison.Ordinal)) return ValidateOptionsResult.Skip;
        try
        {
            validate(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"Trainer '{name}' ({typeof(TOptions).Name}): {e.Message}");
        }
    }
}
