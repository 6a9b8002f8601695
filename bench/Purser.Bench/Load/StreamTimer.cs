using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Purser.Bench.Load;

/// <summary>
/// Times streamed answers one at a time on one keep-alive connection (wrk only sees whole answers): for each request,
/// the time from sending it to the first SSE event (<c>data:</c>) and to the end of the answer. A raw socket and a
/// minimal HTTP/1.1 reader, so the client adds the same small cost to every target; bounded by a time and a count.
/// </summary>
internal static class StreamTimer
{
    private const int MaxRequests = 20_000;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <returns>First-byte and last-byte latencies in µs, one pair per answered request.</returns>
    /// <exception cref="InvalidOperationException">An answer was not a 200 or broke off.</exception>
    public static async Task<(List<long> FirstUs, List<long> LastUs)> RunAsync(Target target, TimeSpan duration, CancellationToken cancellationToken)
    {
        byte[] request = RequestBytes(target);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(target.Url.Host, target.Url.Port, cancellationToken);
        var buffer = new byte[64 * 1024];
        var first = new List<long>();
        var last = new List<long>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration && first.Count < MaxRequests)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RequestTimeout);
            long start = Stopwatch.GetTimestamp();
            await socket.SendAsync(request, SocketFlags.None, timeout.Token);
            (long firstTicks, long lastTicks) = await ReadAnswerAsync(socket, buffer, start, target.Name, timeout.Token);
            first.Add(ToUs(firstTicks));
            last.Add(ToUs(lastTicks));
        }

        return (first, last);
    }

    private static long ToUs(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;

    private static byte[] RequestBytes(Target target)
    {
        byte[] body = Encoding.UTF8.GetBytes(target.Body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {target.Url.PathAndQuery} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {target.Url.Authority}\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append(CultureInfo.InvariantCulture, $"Authorization: Bearer {BenchRequest.FakeApiKey}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        foreach (var (name, value) in target.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        return [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. body];
    }

    /// <summary>Reads one answer (Content-Length or chunked); returns the ticks to the first <c>data:</c> and to the end.</summary>
    private static async Task<(long First, long Last)> ReadAnswerAsync(Socket socket, byte[] buffer, long start, string target, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        long first = 0;
        int headerEnd = -1;
        long contentLength = -1;
        bool chunked = false;
        while (true)
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                throw new InvalidOperationException($"{target} closed the connection in the middle of a streamed answer.");
            }

            long now = Stopwatch.GetTimestamp();
            received.Write(buffer, 0, n);
            ReadOnlySpan<byte> all = received.GetBuffer().AsSpan(0, (int)received.Length);
            if (headerEnd < 0)
            {
                int end = all.IndexOf("\r\n\r\n"u8);
                if (end < 0)
                {
                    continue;
                }

                headerEnd = end + 4;
                string head = Encoding.ASCII.GetString(all[..end]);
                if (!head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{target} answered a streamed request with: {head.Split('\r')[0]}");
                }

                foreach (string line in head.Split("\r\n"))
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        contentLength = long.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                    }
                    else if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                    {
                        chunked = true;
                    }
                }
            }

            ReadOnlySpan<byte> body = all[headerEnd..];
            if (first == 0 && body.IndexOf("data:"u8) >= 0)
            {
                first = now - start;
            }

            bool done = chunked ? body.EndsWith("\r\n0\r\n\r\n"u8) || body.SequenceEqual("0\r\n\r\n"u8) : contentLength >= 0 && body.Length >= contentLength;
            if (done)
            {
                return (first == 0 ? now - start : first, now - start);
            }
        }
    }
}
