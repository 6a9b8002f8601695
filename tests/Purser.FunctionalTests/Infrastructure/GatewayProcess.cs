using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>The real `purser serve` as a separate OS process, so tests can kill it with SIGKILL.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int Pid => _process.Id;

    public static async Task<GatewayProcess> StartAsync(string home, string configJson)
    {
        Directory.CreateDirectory(home);
        string config = Path.Combine(home, "test-config.json");
        await File.WriteAllTextAsync(config, configJson);
        int port = FreePort();
        string cli = typeof(Purser.Cli.Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--config", config },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PURSER_HOME"] = home;
        foreach (string name in new[] { "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "XAI_API_KEY", "GROK_API_KEY", "OPENROUTER_API_KEY", "OLLAMA_HOST" })
        {
            start.Environment.Remove(name);
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, $"http://127.0.0.1:{port}");
        await gateway.WaitUntilHealthyAsync();
        return gateway;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"purser serve exited with code {_process.ExitCode}.");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync(Url + "/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMilliseconds(200)).ContinueWith(_ => { });
        }

        throw new TimeoutException("purser serve did not become healthy within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
