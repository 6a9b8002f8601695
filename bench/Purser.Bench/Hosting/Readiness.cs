using System.Diagnostics;

namespace Purser.Bench.Hosting;

/// <summary>Waits until a freshly started server answers.</summary>
internal static class Readiness
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <exception cref="InvalidOperationException">The server died or did not answer within a minute; the message has its log tail.</exception>
    public static async Task WaitAsync(HttpClient http, ChildProcess server, Uri url, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Limit)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"{server.Name} exited during start-up:\n{server.LogTail()}");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync(url, cancellationToken);
                if ((int)response.StatusCode < 500)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"{server.Name} did not answer {url} within {Limit.TotalSeconds:0} s:\n{server.LogTail()}");
    }
}
