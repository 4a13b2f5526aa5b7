using Microsoft.Extensions.Options;

namespace Wix.Auth.Internal.Options;

/// <summary>Runs the FluentValidation rules through the options pipeline, so <c>ValidateOnStart</c> reports every error at once.</summary>
internal sealed class WixAuthOptionsValidation : IValidateOptions<WixAuthOptions>
{
    private readonly WixAuthOptionsValidator _validator = new();

    public ValidateOptionsResult Validate(string? name, WixAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = _validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
