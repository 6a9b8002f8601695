using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Agents;

/// <summary>
/// One real gateway for a test class, in front of a fake upstream of each kind on loopback — OpenAI-compatible with
/// Chat Completions only ("oa/fake-gpt"), Anthropic ("an/fake-claude"), Gemini ("ge/fake-gemini"), and OpenAI with the
/// Responses API ("or/fake-gpt-responses", where Responses clients are passed through) — each priced, so every ledger
/// row's cost is known. Each agent run gets its own virtual key (bound to the agent's name), home and working folder;
/// an agent's runs onto the kinds it is tested on start together.
/// </summary>
public sealed class AgentGateway : IAsyncLifetime
{
    public const string MasterKey = "master-key-for-agent-tests";

    /// <summary>The upstream kind that is OpenAI with the Responses API (provider kind openai, ResponsesApi on).</summary>
    public const string ResponsesKind = "openai-responses";

    /// <summary>How long one agent run may take before its process tree is killed (runs wait their turn before it starts).</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(300);

    private readonly Dictionary<string, Upstream> _upstreams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<AgentRun>> _runs = new(StringComparer.Ordinal);
    private GatewayServer? _gateway;

    public GatewayServer Gateway => _gateway ?? throw new InvalidOperationException("The gateway has not started.");

    public Upstream this[string kind] => _upstreams[kind];

    public async Task InitializeAsync()
    {
        var config = new Dictionary<string, string?>
        {
            ["Purser:Auth:MasterKey"] = MasterKey,
            ["Purser:Cache:Enabled"] = "false", // every call an agent makes reaches its upstream and is priced
            ["Purser:Resilience:Retry:MaxAttempts"] = "1",
        };
        (string Kind, string Provider, string Model, decimal Input, decimal Output)[] kinds =
        [
            ("openai", "oa", "fake-gpt", 2m, 8m), ("anthropic", "an", "fake-claude", 3m, 15m), ("gemini", "ge", "fake-gemini", 1m, 4m),
            (ResponsesKind, "or", "fake-gpt-responses", 1.25m, 10m),
        ];
        foreach (var (kind, provider, model, input, output) in kinds)
        {
            UpstreamWire wire = kind == ResponsesKind ? new ResponsesUpstreamWire() : Wires.Create(kind);
            FakeUpstream fake = await FakeUpstream.StartAsync();
            var upstream = new Upstream(kind, provider, model, input, output, wire, fake);
            fake.Handler = upstream.AnswerAsync;
            _upstreams[kind] = upstream;
            config[$"Purser:Providers:{provider}:Kind"] = wire.Kind;
            config[$"Purser:Providers:{provider}:ResponsesApi"] = (kind == ResponsesKind).ToString();
            config[$"Purser:Providers:{provider}:BaseUrl"] = wire.BaseUrl(fake.Url);
            config[$"Purser:Providers:{provider}:ApiKey"] = "upstream-key-" + provider;
            config[$"Purser:Providers:{provider}:Models:0"] = model;
            config[$"Purser:Providers:{provider}:TimeoutSeconds"] = "60";
            config[$"Purser:Pricing:{provider}/{model}:Input"] = input.ToString(CultureInfo.InvariantCulture);
            config[$"Purser:Pricing:{provider}/{model}:Output"] = output.ToString(CultureInfo.InvariantCulture);
        }

        _gateway = await GatewayServer.StartAsync(config);
    }

    /// <summary>The run of <paramref name="agent"/> onto <paramref name="kind"/>; the first call starts its runs onto every kind it is tested on at once.</summary>
    public Task<AgentRun> RunAsync(CodingAgent agent, string kind)
    {
        foreach (string each in agent.UpstreamKinds)
        {
            _runs.GetOrAdd(each, k => Task.Run(() => ExecuteAsync(agent, _upstreams[k])));
        }

        return _runs[kind];
    }

    /// <summary>The ledger rows of calls made with one virtual key.</summary>
    public List<Dictionary<string, object?>> Rows(string keyId) =>
        LedgerDb.Rows(Gateway.Home, $"SELECT * FROM ledger WHERE key_id = '{keyId}' ORDER BY id");

    private async Task<AgentRun> ExecuteAsync(CodingAgent agent, Upstream upstream)
    {
        AgentProcess.EnsureInstalled(agent.Binary, agent.Package);
        var (keyId, key) = await CreateKeyAsync($"{agent.Name}-{upstream.Kind}", agent.Name);
        string root = Path.Combine(Path.GetTempPath(), $"purser-agent-{agent.Name}-{upstream.Kind}-{Guid.NewGuid():N}");
        string home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        string work = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
        try
        {
            string notes = $"Purser carried the {upstream.Kind} notes for {agent.Name} safely home.";
            string notesPath = Path.Combine(work, "notes.txt");
            await File.WriteAllTextAsync(notesPath, notes + "\n");
            string marker = $"purser-check-{upstream.Kind}";
            var script = new AgentScript(marker, notes, agent.ReadTool, agent.ReadToolArguments(notesPath));
            upstream.Script = script;
            string prompt = $"Read the file notes.txt in the current folder with your file reading tool and tell me what it says ({marker}).";
            AgentInvocation invocation = agent.Prepare(new AgentSetup(Gateway.Url, key, $"{upstream.Provider}/{upstream.Model}", prompt, home, work, Project: "agents-" + upstream.Kind));
            AgentResult result = await AgentProcess.RunAsync(invocation, work, RunTimeout);
            return new AgentRun(agent, upstream, keyId, script, result);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task<(string Id, string Key)> CreateKeyAsync(string name, string agent)
    {
        using HttpClient admin = Gateway.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MasterKey);
        string body = new JsonObject { ["name"] = name, ["agent"] = agent }.ToJsonString();
        using HttpResponseMessage response = await admin.PostAsync("/api/keys", new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        JsonNode created = JsonNode.Parse(text)!;
        return (created["id"]!.GetValue<string>(), created["key"]!.GetValue<string>());
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        foreach (Upstream upstream in _upstreams.Values)
        {
            await upstream.Fake.DisposeAsync();
        }
    }

    /// <summary>A fake upstream of one kind, configured as provider <see cref="Provider"/> serving <see cref="Model"/>.</summary>
    public sealed class Upstream(string kind, string provider, string model, decimal inputPrice, decimal outputPrice, UpstreamWire wire, FakeUpstream fake)
    {
        public string Kind { get; } = kind;

        public string Provider { get; } = provider;

        public string Model { get; } = model;

        public FakeUpstream Fake { get; } = fake;

        /// <summary>What the upstream plays for the current run (one run per upstream at a time).</summary>
        public AgentScript? Script { get; set; }

        /// <summary>The price of one call as the fake reports its usage (USD per 1M tokens).</summary>
        public decimal CallCost => ((AgentScript.InputTokens * inputPrice) + (AgentScript.OutputTokens * outputPrice)) / 1_000_000m;

        internal Task AnswerAsync(Microsoft.AspNetCore.Http.HttpContext http, ReceivedRequest request)
        {
            FakeAnswer answer = Script?.AnswerFor(Kind, request) ?? new FakeAnswer("no agent run is in progress");
            return wire.AnswerAsync(http, request, new FakeScenario { Answer = answer });
        }
    }
}
