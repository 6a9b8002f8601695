using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Purser.Bench.Upstream;

/// <summary>
/// <c>Purser.Bench.Upstream &lt;port&gt;</c>: a fake OpenAI Chat Completions server on 127.0.0.1 for the load
/// benchmark. It answers <c>POST /v1/chat/completions</c> with one fixed answer (SSE when the request asks for a
/// stream) and <c>GET /health</c> with 200; nothing else. It never parses JSON and keeps no state.
/// <c>Purser.Bench.Upstream &lt;port&gt; --forward &lt;origin&gt;</c> runs the benchmark's "floor" instead: a bare
/// pass-through proxy to that origin (same paths) (see <see cref="ForwardHandler"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Uri? forwardTo = null;
        if (args.Length is not (1 or 3)
            || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535
            || (args.Length == 3 && (args[1] != "--forward" || !Uri.TryCreate(args[2], UriKind.Absolute, out forwardTo) || !IsLoopback(forwardTo))))
        {
            Console.Error.WriteLine("usage: Purser.Bench.Upstream <port> [--forward http://127.0.0.1:<upstream-port>]   (listens on 127.0.0.1:<port>)");
            return 2;
        }

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });

        WebApplication app = builder.Build();
        if (forwardTo is null)
        {
            app.Run(ChatCompletionHandler.HandleAsync);
            Console.WriteLine($"fake upstream on http://127.0.0.1:{port}/v1");
        }
        else
        {
            app.Run(new ForwardHandler(forwardTo).HandleAsync);
            Console.WriteLine($"pass-through proxy on http://127.0.0.1:{port} to {forwardTo}");
        }

        app.Run();
        return 0;
    }

    private static bool IsLoopback(Uri url) => url.Scheme == Uri.UriSchemeHttp && url.IsLoopback;
}
