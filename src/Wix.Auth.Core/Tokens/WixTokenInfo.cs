namespace Wix.Auth;

/// <summary>The answer of <c>POST /oauth2/token-info</c>.</summary>
public sealed record WixTokenInfo
{
    public bool Active { get; init; }

    /// <summary><c>UNKNOWN</c>, <c>USER</c>, <c>VISITOR</c>, <c>MEMBER</c> or <c>APP</c>.</summary>
    public string? SubjectType { get; init; }

    public string? SubjectId { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? IssuedAt { get; init; }

    public string? ClientId { get; init; }

    public string? AccountId { get; init; }

    public string? SiteId { get; init; }

    public string? InstanceId { get; init; }

    public string? VendorProductId { get; init; }
}
