using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>
/// A TCP relay on a loopback port in front of a server (the test PostgreSQL server): <see cref="Stop"/> closes the
/// port and every connection through it, as a database server that stops does; <see cref="Start"/> opens the same port
/// again. Only this relay's clients see the outage, so tests running beside it are not disturbed.
/// </summary>
public sealed class TcpRelay : IDisposable
{
    private readonly int _target;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _running;

    public TcpRelay(int targetPort)
    {
        _target = targetPort;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Start();
    }

    public int Port { get; }

    public void Start()
    {
        _running = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener, _running.Token);
    }

    /// <summary>Closes the port and cuts every connection through it.</summary>
    public void Stop()
    {
        _running?.Cancel();
        _listener?.Stop();
        foreach (TcpClient client in _open.Keys)
        {
            client.Dispose();
            _open.TryRemove(client, out _);
        }
    }

    public void Dispose()
    {
        Stop();
        _running?.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(inbound, cancellationToken);
        }
    }

    private async Task RelayAsync(TcpClient inbound, CancellationToken cancellationToken)
    {
        var outbound = new TcpClient();
        _open[inbound] = 0;
        _open[outbound] = 0;
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _target, cancellationToken);
            NetworkStream a = inbound.GetStream(), b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, cancellationToken), b.CopyToAsync(a, cancellationToken));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
            _open.TryRemove(inbound, out _);
            _open.TryRemove(outbound, out _);
        }
    }
}
