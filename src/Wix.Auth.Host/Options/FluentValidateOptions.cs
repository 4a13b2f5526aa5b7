using FluentValidation;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Host.Options;

/// <summary>Runs a FluentValidation validator as an <see cref="IValidateOptions{TOptions}"/>, collecting every error.</summary>
internal sealed class FluentValidateOptions<TOptions>(IValidator<TOptions> validator) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
