namespace Wix.Auth;

/// <summary>The answer of <c>POST /oauth2/token-info</c>.</summary>
public sealed record WixTokenInfo
{
    /// <summary>True when Wix still accepts the token; false when it expired, was revoked or is not a Wix token.</summary>
    public bool Active { get; init; }

    /// <summary><c>UNKNOWN</c>, <c>USER</c>, <c>VISITOR</c>, <c>MEMBER</c> or <c>APP</c>.</summary>
    public string? SubjectType { get; init; }

    /// <summary>The ID of the subject (user, member, visitor or app) the token stands for.</summary>
    public string? SubjectId { get; init; }

    /// <summary>When the token stops being accepted.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When Wix issued the token.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>The app the token was issued to (its app ID).</summary>
    public string? ClientId { get; init; }

    /// <summary>The Wix account that created the token.</summary>
    public string? AccountId { get; init; }

    /// <summary>The site the token is for.</summary>
    public string? SiteId { get; init; }

    /// <summary>The app instance (one app on one site) the token is for.</summary>
    public string? InstanceId { get; init; }

    /// <summary>The purchased plan of the instance; absent for a free app.</summary>
    public string? VendorProductId { get; init; }
}
