using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>
/// The purser executable as a separate process (<c>purser run</c>, <c>purser mcp</c>), with an isolated data folder, a
/// configuration file whose provider "up" is a fake upstream on 127.0.0.1, and no provider keys from the machine.
/// </summary>
public sealed class CliProcess : IDisposable
{
    /// <param name="upstreamBaseUrl">Provider "up"'s BaseUrl.</param>
    /// <param name="configure">Changes to the configuration (flat keys).</param>
    /// <param name="kind">Provider "up"'s kind (openai, anthropic, gemini).</param>
    public CliProcess(string upstreamBaseUrl, Action<Dictionary<string, string?>>? configure = null, string kind = "openai")
    {
        Home = Path.Combine(Path.GetTempPath(), "purser-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Home);
        var flat = new Dictionary<string, string?>
        {
            ["Purser:Providers:up:Kind"] = kind,
            ["Purser:Providers:up:BaseUrl"] = upstreamBaseUrl,
            ["Purser:Providers:up:ApiKey"] = GatewayHarness.UpstreamKey,
            ["Purser:Providers:up:Models:0"] = GatewayHarness.Model,
            ["Purser:Resilience:Retry:MaxAttempts"] = "1",
            ["Purser:Pricing:up/fake-model:Input"] = "5",
            ["Purser:Pricing:up/fake-model:Output"] = "15",
        };
        configure?.Invoke(flat);
        var root = new JsonObject();
        foreach ((string key, string? value) in flat)
        {
            JsonObject node = root;
            string[] parts = key.Split(':');
            foreach (string part in parts[..^1])
            {
                node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
            }

            node[parts[^1]] = value;
        }

        ConfigFile = Path.Combine(Home, "test-config.json");
        File.WriteAllText(ConfigFile, root.ToJsonString());
    }

    public string Home { get; }

    public string ConfigFile { get; }

    public static string Cli => typeof(Purser.Cli.Program).Assembly.Location;

    /// <summary>The environment a child purser gets: this data folder, and none of the machine's keys or Purser variables.</summary>
    public IDictionary<string, string?> Environment(IDictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal) { ["PURSER_HOME"] = Home };
        foreach (string name in new[] { "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "XAI_API_KEY", "GROK_API_KEY", "OPENROUTER_API_KEY", "OLLAMA_HOST", "PURSER_MASTER_KEY", "PURSER_API_KEY" })
        {
            env[name] = null;
        }

        foreach ((string name, string? value) in extra ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        return env;
    }

    /// <summary>Starts <c>purser &lt;arguments&gt;</c> with standard output and error piped.</summary>
    public Process Start(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Home,
        };
        start.ArgumentList.Add(Cli);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string? value) in Environment(environment))
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("Purser__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs <c>purser &lt;arguments&gt;</c> to its end: at most <paramref name="timeout"/> (two minutes by default), then its process tree is killed.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        using Process process = Start(arguments, environment);
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"purser {string.Join(' ', arguments)} did not end within {timeout ?? TimeSpan.FromMinutes(2)}; killed. Output:\n{await output}\nError:\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
