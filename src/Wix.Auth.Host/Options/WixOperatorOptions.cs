namespace Wix.Auth.Host.Options;

/// <summary>The operator view's access (<c>WixAuth:Operator</c>).</summary>
internal sealed class WixOperatorOptions
{
    /// <summary>
    /// Opens <c>/operator/installations</c> without an API key (<c>WixAuth:Operator:AllowAnonymous</c>). Default false.
    /// For local runs only (<c>scripts/run.sh</c> sets it); every start logs a warning (event 5013).
    /// <c>ASPNETCORE_ENVIRONMENT=Development</c> alone does not open it.
    /// </summary>
    public bool AllowAnonymous { get; set; }
}
