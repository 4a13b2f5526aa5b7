using System.Net;
using System.Net.Sockets;

namespace Wix.Auth.Host.Tests.Framework;

/// <summary>
/// A loopback port nobody listens on. The host must know its own public URL before it starts (the simulator registers
/// its redirect URL), so the port is chosen first and handed to Kestrel.
/// </summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
