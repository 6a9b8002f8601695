using System.Net;
using System.Net.Sockets;

namespace Purser.Bench.Hosting;

/// <summary>Free ports on 127.0.0.1, picked by the kernel.</summary>
internal static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
