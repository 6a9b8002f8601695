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

    /// <summary>The most memory the process has held at once so far (its peak working set: VmHWM on Linux).</summary>
    public long PeakWorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
    }

    /// <summary>The memory the process holds now.</summary>
    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public static async Task<GatewayProcess> StartAsync(string home, string configJson)
    {
        Directory.CreateDirectory(home);
        string config = Path.Combine(home, "test-config.json");
        await File.WriteAllTextAsync(config, configJson);
        int port = FreePort();
        return await StartAsync(home, ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--config", config], $"http://127.0.0.1:{port}");
    }

    /// <summary>`purser serve <paramref name="arguments"/>` with no provider variables, healthy at <paramref name="url"/>.</summary>
    public static async Task<GatewayProcess> StartAsync(string home, IEnumerable<string> arguments, string url)
    {
        Process process = Process.Start(ServeStartInfo(home, arguments))!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, url) { Output = output };
        try
        {
            await gateway.WaitUntilHealthyAsync();
        }
        catch
        {
            // A gateway that never became healthy is stopped here: its caller never gets it to dispose.
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    /// <summary>
    /// `purser serve <paramref name="arguments"/>` expected to stop by itself: its exit code and output, or a null exit
    /// code when it was still running after <paramref name="timeout"/> (then it is killed).
    /// </summary>
    public static async Task<(int? ExitCode, string Output)> RunUntilExitAsync(string home, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using Process process = Process.Start(ServeStartInfo(home, arguments))!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        int? exitCode = null;
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            exitCode = process.ExitCode;
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return (exitCode, await stdout + await stderr);
    }

    /// <summary>`dotnet purser.dll serve …` with its own data folder and none of the machine's provider or master keys.</summary>
    private static ProcessStartInfo ServeStartInfo(string home, IEnumerable<string> arguments)
    {
        Directory.CreateDirectory(home);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(Purser.Cli.Program).Assembly.Location, "serve" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PURSER_HOME"] = home;
        foreach (string name in new[] { "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "XAI_API_KEY", "GROK_API_KEY", "OPENROUTER_API_KEY", "OLLAMA_HOST", "PURSER_MASTER_KEY" })
        {
            start.Environment.Remove(name);
        }

        return start;
    }

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; private init; } = new();

    public static int FreeLoopbackPort() => FreePort();

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
