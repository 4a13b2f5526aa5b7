namespace Wix.Auth;

/// <summary>Tells <see cref="WixAccessTokenHandler"/> which app instance a request to a Wix API acts for.</summary>
public static class WixHttpRequestOptions
{
    /// <summary>The instance ID whose token is put on the request.</summary>
    public static readonly HttpRequestOptionsKey<string> InstanceId = new("Wix.Auth.InstanceId");

    /// <summary>Marks <paramref name="request"/> as acting for <paramref name="instanceId"/>.</summary>
    /// <returns>The same request, for chaining.</returns>
    public static HttpRequestMessage SetWixInstanceId(this HttpRequestMessage request, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        request.Options.Set(InstanceId, instanceId);
        return request;
    }
}
