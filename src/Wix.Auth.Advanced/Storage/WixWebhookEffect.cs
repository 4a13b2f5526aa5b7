namespace Wix.Auth.Advanced;

/// <summary>What a verified webhook event does to its installation.</summary>
public enum WixWebhookEffect
{
    /// <summary>Recorded and acknowledged only (an event type we do not act on).</summary>
    None,

    /// <summary><c>AppInstalled</c>: the instance is installed (client credentials works for it even without a handshake).</summary>
    Installed,

    /// <summary><c>AppRemoved</c>: the instance is removed and its refresh token deleted.</summary>
    Removed,

    /// <summary>A billing event (<c>PaidPlanPurchased</c> and the like): the installation's plan is recorded.</summary>
    PlanChanged,
}
