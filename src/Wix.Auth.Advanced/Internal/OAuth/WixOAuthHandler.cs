using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced.Internal.Telemetry;

namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>
/// Wix's legacy install handshake on the framework's <see cref="OAuthHandler{TOptions}"/>: the framework protects
/// <c>state</c> and binds it to the browser with its correlation cookie; we speak Wix's parameter names, redeem the code
/// once through the core token client, store the refresh token before the browser moves on, and never sign anyone in.
/// </summary>
internal sealed class WixOAuthHandler(
    IOptionsMonitor<WixOAuthOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IWixInstallationStore store,
    IWixTokenClient tokenClient,
    OnboardingTickets tickets,
    InstanceBinding instanceBinding)
    : OAuthHandler<WixOAuthOptions>(options, loggerFactory, encoder)
{
    /// <summary>The scheme's events, typed: the options and <c>EventsType</c> only ever hold <see cref="WixOAuthEvents"/>.</summary>
    private new WixOAuthEvents Events => (WixOAuthEvents)base.Events;

    /// <summary>The events used when the options name none.</summary>
    protected override Task<object> CreateEventsAsync() => Task.FromResult<object>(new WixOAuthEvents());

    /// <summary>Wix's installer takes <c>token</c>, <c>appId</c>, <c>redirectUrl</c>, <c>state</c> — not <c>client_id</c>/<c>redirect_uri</c>, and no PKCE.</summary>
    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        // Issued-at travels inside the protected state, so the 10-minute limit holds whatever the cookie's fate.
        properties.Items[WixHandshakePurposes.IssuedAtItem] = TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var parameters = new List<KeyValuePair<string, string?>>(4);
        if (Request.Query.TryGetValue("token", out var token) && !string.IsNullOrEmpty(token))
        {
            parameters.Add(new("token", token.ToString()));
        }

        parameters.Add(new("appId", Options.ClientId));
        // From configuration only: never derived from the request's Host header (no open redirect).
        parameters.Add(new("redirectUrl", Options.RedirectUrl));
        parameters.Add(new("state", Options.StateDataFormat.Protect(properties)));
        return QueryHelpers.AddQueryString(Options.AuthorizationEndpoint, parameters);
    }

    /// <summary>
    /// The framework's challenge minus its Debug log line, which prints the whole installer URL (with the protected
    /// <c>state</c> and Wix's market <c>token</c>) and the correlation cookie: credentials never reach a log (checklist H1).
    /// </summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        using var activity = WixAdvancedActivities.Source.StartActivity(WixAdvancedActivities.HandshakeInstall);
        if (string.IsNullOrEmpty(properties.RedirectUri))
        {
            properties.RedirectUri = OriginalPathBase + OriginalPath;
        }

        GenerateCorrelationId(properties);
        var authorizationEndpoint = BuildChallengeUrl(properties, BuildRedirectUri(Options.CallbackPath));
        await Events.RedirectToAuthorizationEndpoint(
            new RedirectContext<OAuthOptions>(Context, Scheme, Options, properties, authorizationEndpoint)).ConfigureAwait(false);
    }

    /// <summary>Redeems the code with JSON on <c>/oauth/access</c> through the core client, which never retries it.</summary>
    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        // The code travels only in the token client's request body, never in an attribute.
        using var activity = WixAdvancedActivities.Source.StartActivity(WixAdvancedActivities.HandshakeExchangeCode);
        try
        {
            // Not the request's token: once the code is claimed, a closed browser tab must not abandon the redemption.
            var response = await tokenClient.RedeemAuthorizationCodeAsync(context.Code, CancellationToken.None).ConfigureAwait(false);
            var json = JsonSerializer.SerializeToDocument(new Dictionary<string, string?>
            {
                ["access_token"] = response.AccessToken,
                ["refresh_token"] = response.RefreshToken,
                ["token_type"] = "Bearer",
                ["expires_in"] = Math.Max(0, (long)(response.ExpiresAt - TimeProvider.GetUtcNow()).TotalSeconds).ToString(CultureInfo.InvariantCulture),
            });
            return OAuthTokenResponse.Success(json);
        }
        catch (WixTokenException ex)
        {
            return OAuthTokenResponse.Failed(ex);
        }
    }

    /// <summary>
    /// Nobody is ever signed in by the handshake, so there is nothing to authenticate. (The framework would ask the
    /// sign-in scheme, which with this as the only scheme is this scheme again: an endless recursion.)
    /// </summary>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

    /// <summary>The callback. Always answers itself (a page or a redirect), so the framework neither throws nor signs in.</summary>
    protected override async Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        HandshakeHeaders.Apply(Response);
        using var activity = WixAdvancedActivities.Source.StartActivity(WixAdvancedActivities.HandshakeCallback);
        var outcome = await HandleCallbackAsync().ConfigureAwait(false);
        // A fixed word (the outcome's name), never the callback's parameters.
        activity?.SetTag(WixAdvancedActivities.OutcomeAttribute, outcome?.ToString() ?? "installed");
        if (outcome is { } failure)
        {
            if (failure != HandshakeOutcome.AlreadyCompleted)
            {
                AdvancedLog.CallbackRefused(Logger, failure.ToString());
            }

            if (failure is HandshakeOutcome.StateInvalid or HandshakeOutcome.CorrelationFailed or HandshakeOutcome.StateExpired)
            {
                // A forged, replayed or foreign-browser state is what a CSRF attempt looks like (checklist H2).
                AdvancedLog.StateRejected(Logger, failure.ToString());
            }

            // Wix's error code helps the owner and support; it is the browser's text (length-checked above) and is encoded.
            var detail = failure == HandshakeOutcome.WixError ? Request.Query["error"].ToString() : null;
            await HandshakePages.WriteAsync(Context, failure, Context.RequestAborted, detail).ConfigureAwait(false);
        }

        return HandleRequestResult.Handle();
    }

    private async Task<HandshakeOutcome?> HandleCallbackAsync()
    {
        if (!TryReadParameter("state", out var state) || !TryReadParameter("code", out var code)
            || !TryReadParameter("instanceId", out var instanceId) || !TryReadParameter("error", out var error)
            || !TryReadParameter("error_description", out _)
            || (instanceId is not null && !Guid.TryParse(instanceId, out _)))
        {
            return HandshakeOutcome.MalformedParameters;
        }

        if (state is null)
        {
            // Wix's installer sends the owner back with error=access_denied and no state when they press Cancel: say
            // what happened instead of "no state". Nothing is exchanged or stored either way.
            return error == "access_denied" ? HandshakeOutcome.AccessDenied : HandshakeOutcome.StateMissing;
        }

        var properties = Options.StateDataFormat.Unprotect(state);
        if (properties is null)
        {
            return HandshakeOutcome.StateInvalid;
        }

        // The framework's check; it also deletes the cookie, which makes the state single-use in this browser.
        if (!ValidateCorrelationId(properties))
        {
            return HandshakeOutcome.CorrelationFailed;
        }

        if (!properties.Items.TryGetValue(WixHandshakePurposes.IssuedAtItem, out var issued)
            || !DateTimeOffset.TryParse(issued, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var issuedAt)
            || TimeProvider.GetUtcNow() - issuedAt > Options.StateLifetime
            || issuedAt - TimeProvider.GetUtcNow() > TimeSpan.FromMinutes(1))
        {
            return HandshakeOutcome.StateExpired;
        }

        if (error is not null)
        {
            // RFC 6749 §4.1.2.1; an error is not proof it came from Wix, so it only ends the handshake.
            return error == "access_denied" ? HandshakeOutcome.AccessDenied : HandshakeOutcome.WixError;
        }

        if (code is null)
        {
            return HandshakeOutcome.CodeMissing;
        }

        if (instanceId is null)
        {
            return HandshakeOutcome.InstanceIdMissing;
        }

        Activity.Current?.SetTag(WixAdvancedActivities.InstanceIdAttribute, instanceId);

        // Claimed before it is sent: a double click or browser retry must not present the code twice (RFC 6749 §4.1.2).
        // Write-ahead (checklist §1.2): Wix sent the owner here with a code, so the app is installed on the site. Recorded
        // before the code is presented, a crash, a lost answer or a failed exchange leaves an installation served by
        // client credentials ("installing", its error code says why) instead of an unknown instance. Both in one durable
        // write (one commit where there were two on the callback's path). Not the request's token: from here on a closed
        // tab must not abandon what was started.
        var codeHash = SHA256.HashData(Encoding.UTF8.GetBytes(code));
        var claim = await store.ClaimCodeAndRecordInstallingAsync(instanceId, codeHash, CancellationToken.None).ConfigureAwait(false);
        if (claim == WixCodeClaim.AlreadyClaimed)
        {
            AdvancedLog.CallbackAlreadyCompleted(Logger, instanceId);
            return HandshakeOutcome.AlreadyCompleted;
        }

        var wroteAhead = claim == WixCodeClaim.ClaimedAndRecordedInstalling;
        AdvancedLog.RecordedInstalling(Logger, instanceId, wroteAhead);

        using var tokens = await ExchangeCodeAsync(new OAuthCodeExchangeContext(properties, code, Options.RedirectUrl)).ConfigureAwait(false);
        if (tokens.Error is not null || string.IsNullOrEmpty(tokens.AccessToken))
        {
            var wixError = tokens.Error as WixTokenException;
            AdvancedLog.CodeExchangeFailed(Logger, instanceId, wixError?.Kind ?? WixTokenErrorKind.Protocol, wixError?.Error);
            var rejected = wixError?.Kind is WixTokenErrorKind.InvalidGrant or WixTokenErrorKind.InvalidRequest;
            if (wroteAhead && rejected)
            {
                // Wix's verdict on the code: nothing was issued, and the browser's instance ID stays unconfirmed (a forged
                // callback looks like this), so the write-ahead is taken back (checklist B6).
                await store.AbandonInstallingAsync(instanceId, CancellationToken.None).ConfigureAwait(false);
            }
            else if (wroteAhead)
            {
                // No verdict (timeout, reset, 5xx, a spoilt 200): Wix may well have spent the code; keep the installation.
                await RecordExchangeFailedAsync(instanceId, wixError).ConfigureAwait(false);
            }

            return rejected ? HandshakeOutcome.CodeRejected : HandshakeOutcome.ExchangeFailed;
        }

        // Before anything is stored: the instance ID came from the browser, the tokens from Wix (issue #10).
        if (await instanceBinding.VerifyAsync(instanceId, tokens.AccessToken, CancellationToken.None).ConfigureAwait(false) is { } unbound)
        {
            if (wroteAhead)
            {
                // The browser's instance ID was not confirmed: the write-ahead is taken back, nothing stays recorded.
                await store.AbandonInstallingAsync(instanceId, CancellationToken.None).ConfigureAwait(false);
            }

            return unbound;
        }

        if (await PersistAsync(instanceId, tokens.RefreshToken).ConfigureAwait(false) is { } persistFailure)
        {
            await Events.PersistFailed(new WixPersistFailedContext(Context, Scheme, Options, instanceId, persistFailure)).ConfigureAwait(false);
            return HandshakeOutcome.PersistFailed;
        }

        await Events.Installed(new WixInstalledContext(Context, Scheme, Options, instanceId, refreshTokenStored: !string.IsNullOrEmpty(tokens.RefreshToken)))
            .ConfigureAwait(false);

        var next = Options.OnboardingUrl is { } onboarding
            ? QueryHelpers.AddQueryString(onboarding.AbsoluteUri, new Dictionary<string, string?>
            {
                ["instanceId"] = instanceId,
                ["ticket"] = tickets.Issue(Context, instanceId, tokens.AccessToken, TimeProvider.GetUtcNow() + ExpiresIn(tokens)),
            })
            : CloseWindow.Url(Options.InstallerBaseUrl, tokens.AccessToken);
        HandshakePages.Redirect(Context, next);
        return null;
    }

    /// <summary>
    /// Stores the instance and its refresh token before the browser moves on; on failure keeps what it can and answers
    /// why (null when everything was stored).
    /// </summary>
    private async Task<Exception?> PersistAsync(string instanceId, string? refreshToken)
    {
        using var activity = WixAdvancedActivities.Start(WixAdvancedActivities.HandshakePersist, instanceId);

        // Not the request's token: the code is spent, so what Wix gave us must be written even if the tab closes.
        var recorded = false;
        Exception failure;
        try
        {
            if (string.IsNullOrEmpty(refreshToken))
            {
                await store.RecordInstalledAsync(instanceId, CancellationToken.None).ConfigureAwait(false);
                recorded = true;
                AdvancedLog.NoRefreshTokenReceived(Logger, instanceId);
                await store.RecordFallbackAsync(instanceId, WixFallbackReason.Missing, "no_refresh_token", CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                // One write (one commit): storing the refresh token records the instance as installed too, a removed one
                // with a new install date, as RecordInstalledAsync would.
                await store.SaveRefreshTokenAsync(instanceId, refreshToken, CancellationToken.None).ConfigureAwait(false);
                recorded = true;
                AdvancedLog.Installed(Logger, instanceId);
            }

            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AdvancedLog.PersistFailed(Logger, instanceId, ex);
            failure = ex;
        }

        try
        {
            if (!recorded)
            {
                await store.RecordInstalledAsync(instanceId, CancellationToken.None).ConfigureAwait(false);
            }

            await store.RecordFallbackAsync(instanceId, WixFallbackReason.Missing, "refresh_token_not_stored", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AdvancedLog.RecordFailed(Logger, instanceId, ex);
        }

        return failure;
    }

    /// <summary>
    /// The exchange did not give us tokens: the write-ahead row stays "installing" with the reason, served by client
    /// credentials until a later install completes. A failure to record it only loses the reason, not the installation.
    /// </summary>
    private async Task RecordExchangeFailedAsync(string instanceId, WixTokenException? failure)
    {
        var code = failure switch
        {
            { Error: { Length: > 0 } error } => error,
            { Kind: WixTokenErrorKind.Transient, StatusCode: null } => "exchange_no_answer",
            { StatusCode: 200 } => "malformed_response",
            { StatusCode: { } status } => $"http_{status}",
            _ => "exchange_failed",
        };
        try
        {
            await store.RecordFallbackAsync(instanceId, WixFallbackReason.Installing, code, CancellationToken.None).ConfigureAwait(false);
            AdvancedLog.InstallingAfterFailedExchange(Logger, instanceId, code);
        }
        catch (WixStoreUnavailableException ex)
        {
            AdvancedLog.RecordFailed(Logger, instanceId, ex);
        }
    }

    private static TimeSpan ExpiresIn(OAuthTokenResponse tokens) =>
        long.TryParse(tokens.ExpiresIn, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;

    private bool TryReadParameter(string name, out string? value) =>
        HandshakeQuery.TryRead(Request.Query, name, Options.MaxParameterLength, out value);
}
