using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Agents;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Run;

/// <summary>
/// One gateway for <see cref="AgentRunTests"/>, in front of one fake OpenAI-compatible upstream on loopback ("up/fake-model",
/// priced); each agent is started by <c>purser run --server &lt;gateway&gt;</c>, its session opened over the admin API with
/// the master key. The first test to ask starts every agent's run at once (at most three agents run at a time, across
/// test classes); each run is bounded and its process tree killed when it overruns.
/// </summary>
public sealed class AgentRunGateway : IAsyncLifetime
{
    public const string MasterKey = "master-key-for-purser-run-tests";

    public const string Answer = "Hello from the fake upstream, through purser run.";

    public const decimal Budget = 5m;

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    private readonly ConcurrentDictionary<string, Task<AgentRunResult>> _runs = new(StringComparer.Ordinal);
    private GatewayServer? _gateway;

    public GatewayServer Gateway => _gateway ?? throw new InvalidOperationException("The gateway has not started.");

    public FakeUpstream Upstream { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        var wire = new OpenAIUpstreamWire();
        var scenario = new FakeScenario { Answer = new FakeAnswer(Answer) };
        Upstream.Handler = (http, request) => wire.AnswerAsync(http, request, scenario);
        _gateway = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["Purser:Auth:MasterKey"] = MasterKey,
            ["Purser:Cache:Enabled"] = "false",
            ["Purser:Resilience:Retry:MaxAttempts"] = "1",
            [$"Purser:Providers:{GatewayHarness.Provider}:Kind"] = "openai",
            [$"Purser:Providers:{GatewayHarness.Provider}:BaseUrl"] = wire.BaseUrl(Upstream.Url),
            [$"Purser:Providers:{GatewayHarness.Provider}:ApiKey"] = GatewayHarness.UpstreamKey,
            [$"Purser:Providers:{GatewayHarness.Provider}:Models:0"] = GatewayHarness.Model,
            [$"Purser:Providers:{GatewayHarness.Provider}:TimeoutSeconds"] = "60",
            [$"Purser:Pricing:{GatewayHarness.Provider}/{GatewayHarness.Model}:Input"] = "2",
            [$"Purser:Pricing:{GatewayHarness.Provider}/{GatewayHarness.Model}:Output"] = "8",
        });
    }

    /// <summary>The run of <paramref name="agent"/>; the first call starts every agent's run.</summary>
    public Task<AgentRunResult> RunAsync(RunAgent agent)
    {
        foreach (RunAgent each in RunAgents.All)
        {
            _runs.GetOrAdd(each.Name, _ => Task.Run(() => ExecuteAsync(each)));
        }

        return _runs[agent.Name];
    }

    /// <summary>The ledger rows of a session's calls (its key's).</summary>
    public List<Dictionary<string, object?>> Rows(string session) =>
        LedgerDb.Rows(Gateway.Home, $"SELECT * FROM ledger WHERE key_id = '{session}' ORDER BY id");

    private async Task<AgentRunResult> ExecuteAsync(RunAgent agent)
    {
        AgentProcess.EnsureInstalled(agent.Binary, agent.Package);
        using var cli = new CliProcess(new OpenAIUpstreamWire().BaseUrl(Upstream.Url));
        string home = Directory.CreateDirectory(Path.Combine(cli.Home, "home")).FullName;
        foreach ((string file, string text) in agent.UserFiles)
        {
            string path = Path.Combine(home, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text);
        }

        string json = Path.Combine(cli.Home, "summary.json");
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["PATH"] = AgentProcess.BinFolder + Path.PathSeparator + (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin"),
            ["TERM"] = "dumb",
            ["NO_COLOR"] = "1",
        };
        foreach (string name in (ReadOnlySpan<string>)["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "CODEX_HOME", "OPENCODE_CONFIG", "GEMINI_CLI_SYSTEM_SETTINGS_PATH", "OPENAI_MODEL", "GOOGLE_GEMINI_BASE_URL", "OPENAI_BASE_URL"])
        {
            environment[name] = null;
        }

        foreach ((string name, string value) in agent.Environment)
        {
            environment[name] = value;
        }

        string[] arguments =
        [
            "run", "--server", Gateway.Url, "--key", MasterKey, "--budget", Budget.ToString(CultureInfo.InvariantCulture),
            "--model", $"{GatewayHarness.Provider}/{GatewayHarness.Model}", "--project", "run-" + agent.Name, "--json", json,
            "--", agent.Binary, .. agent.Arguments,
        ];
        var clock = Stopwatch.StartNew();
        var (code, output, error) = await AgentProcess.GatedAsync(() => cli.RunAsync(arguments, environment, RunTimeout));
        JsonNode? summary = File.Exists(json) ? JsonNode.Parse(await File.ReadAllTextAsync(json)) : null;
        Dictionary<string, string> after = agent.UserFiles.Keys.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(home, f)), StringComparer.Ordinal);
        return new AgentRunResult(agent, code, output, error, summary, after, clock.Elapsed);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await Upstream.DisposeAsync();
    }
}
