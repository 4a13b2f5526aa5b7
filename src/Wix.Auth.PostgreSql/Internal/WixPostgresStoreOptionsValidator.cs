using FluentValidation;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>Validates the store options at start-up; messages name the key and never echo the connection string.</summary>
internal sealed class WixPostgresStoreOptionsValidator : AbstractValidator<WixPostgresStoreOptions>, IValidateOptions<WixPostgresStoreOptions>
{
    public WixPostgresStoreOptionsValidator()
    {
        RuleFor(o => o.ConnectionString)
            .NotEmpty().WithMessage("WixAuth:Postgres:ConnectionString is required.")
            .Must(BeParseable).WithMessage("WixAuth:Postgres:ConnectionString is not a valid Npgsql connection string.")
            .When(o => !string.IsNullOrEmpty(o.ConnectionString), ApplyConditionTo.CurrentValidator);
        RuleFor(o => o.RefreshLockTimeout)
            .GreaterThan(TimeSpan.Zero).WithMessage("WixAuth:Postgres:RefreshLockTimeout must be positive.");
        RuleFor(o => o.RedeemedCodeRetention)
            .GreaterThanOrEqualTo(TimeSpan.FromMinutes(10))
            .WithMessage("WixAuth:Postgres:RedeemedCodeRetention must be at least 00:10:00, the life of a Wix authorization code.");
        RuleFor(o => o.WebhookEventRetention)
            .GreaterThanOrEqualTo(TimeSpan.FromDays(2))
            .WithMessage("WixAuth:Postgres:WebhookEventRetention must be at least 2.00:00:00, longer than Wix re-delivers.");
        RuleFor(o => o.MaxPoolSize)
            .InclusiveBetween(1, 1000).WithMessage("WixAuth:Postgres:MaxPoolSize must be between 1 and 1000.");
        RuleFor(o => o.StatementTimeout)
            .Must((o, t) => t > o.RefreshLockTimeout)
            .WithMessage("WixAuth:Postgres:StatementTimeout must exceed WixAuth:Postgres:RefreshLockTimeout (waiting for the refresh lock is one statement).");
        RuleFor(o => o.IdleInTransactionSessionTimeout)
            .GreaterThan(TimeSpan.Zero).WithMessage("WixAuth:Postgres:IdleInTransactionSessionTimeout must be positive.");
        RuleFor(o => o.RevokedRefreshTokenRetention)
            .GreaterThanOrEqualTo(TimeSpan.FromDays(1))
            .WithMessage("WixAuth:Postgres:RevokedRefreshTokenRetention must be at least 1.00:00:00, time for an operator to restore a wrongly refused token.");
        RuleFor(o => o.SharedTokenCache).NotNull().WithMessage("WixAuth:Postgres:SharedTokenCache must not be null.");
        RuleFor(o => o.SharedTokenCache.ClaimDuration)
            .InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5))
            .WithMessage("WixAuth:Postgres:SharedTokenCache:ClaimDuration must be between 00:00:00.1 and 00:05:00.")
            .When(o => o.SharedTokenCache is not null);
        RuleFor(o => o.SharedTokenCache.Timeout)
            .InclusiveBetween(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(30))
            .WithMessage("WixAuth:Postgres:SharedTokenCache:Timeout must be between 00:00:00.01 and 00:00:30.")
            .When(o => o.SharedTokenCache is not null);
        RuleFor(o => o.SharedTokenCache.RetryAfterFailure)
            .InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(10))
            .WithMessage("WixAuth:Postgres:SharedTokenCache:RetryAfterFailure must be between 00:00:00 and 00:10:00.")
            .When(o => o.SharedTokenCache is not null);
        RuleFor(o => o.UnsentNotificationRetention)
            .GreaterThanOrEqualTo(TimeSpan.FromHours(1))
            .WithMessage("WixAuth:Postgres:UnsentNotificationRetention must be at least 01:00:00, so an event is never deleted before a running dispatcher had its chance to send it.");
        RuleFor(o => o.PurgeInterval)
            .GreaterThan(TimeSpan.Zero).WithMessage("WixAuth:Postgres:PurgeInterval must be positive.");
    }

    public ValidateOptionsResult Validate(string? name, WixPostgresStoreOptions options)
    {
        var result = Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }

    private static bool BeParseable(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
