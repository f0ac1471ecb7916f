using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Archive.TestInfrastructure;

/// <summary>
/// Starts an <see cref="HttpListener"/> on a free port of 127.0.0.1. A free port is only found by asking the system
/// for one and letting it go, so another test running in parallel can take it before the listener binds; that attempt
/// fails with "address already in use" and the next one asks again.
/// </summary>
internal static class LoopbackListener
{
    private const int Attempts = 20;

    public static HttpListener Start(out int port)
    {
        for (var attempt = 1; ; attempt++)
        {
            port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
            try
            {
                listener.Start();
                return listener;
            }
            catch (HttpListenerException) when (attempt < Attempts)
            {
                listener.Close();
            }
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
