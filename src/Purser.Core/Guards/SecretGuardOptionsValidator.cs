using Microsoft.Extensions.Options;

namespace Purser.Guards;

/// <summary>Start-up validation of <see cref="SecretGuardOptions"/>; every message names its configuration key.</summary>
internal sealed class SecretGuardOptionsValidator : IValidateOptions<SecretGuardOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretGuardOptions options)
    {
        IReadOnlyList<string> errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
