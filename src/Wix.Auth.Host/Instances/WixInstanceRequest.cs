namespace Wix.Auth.Host.Instances;

/// <summary>Tells the access-token handler which instance a Wix API request acts for.</summary>
internal static class WixInstanceRequest
{
    private static readonly HttpRequestOptionsKey<string> InstanceIdKey = new("Wix.Auth.InstanceId");

    public static void SetInstanceId(HttpRequestMessage request, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(InstanceIdKey, instanceId);
    }

    public static string? GetInstanceId(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(InstanceIdKey, out var id) ? id : null;
    }
}
