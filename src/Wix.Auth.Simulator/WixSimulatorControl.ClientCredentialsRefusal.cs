using System.Collections.Concurrent;

namespace Wix.Auth.Simulator;

// Wix refusing client credentials for a site where the app is installed (wix-protocol.md §1: the answer for an unknown
// instance is UNCONFIRMED, and a refusal can be a mistake): the case a migration must survive without losing the site's
// refresh token, which this simulator still accepts.
public sealed partial class WixSimulatorControl
{
    private readonly ConcurrentDictionary<string, bool> _clientCredentialsRefused = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes Create Access Token (client credentials) answer <c>invalid_grant</c> for <paramref name="instanceId"/>, as for
    /// an instance Wix does not know, while the installation, its refresh tokens and Token Info keep working; pass
    /// <paramref name="refuse"/> false to answer normally again.
    /// </summary>
    public void RefuseClientCredentialsFor(string instanceId, bool refuse = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (refuse)
        {
            _clientCredentialsRefused[instanceId] = true;
        }
        else
        {
            _clientCredentialsRefused.TryRemove(instanceId, out _);
        }
    }

    /// <summary>Whether client credentials are refused for the instance (see <see cref="RefuseClientCredentialsFor"/>).</summary>
    internal bool IsClientCredentialsRefused(string instanceId) => _clientCredentialsRefused.ContainsKey(instanceId);
}
