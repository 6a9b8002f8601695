using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>
/// The money audit's setup: a real gateway in front of one fake upstream of each kind — providers <c>oa</c> (openai),
/// <c>an</c> (anthropic), <c>ge</c> (gemini) and <c>xai</c> (openai wire, xAI's usage) — serving catalog models, so
/// every cost is the catalog's. Each upstream answers through a handler the test sets. Budgets are per project
/// (<see cref="SetBudgetAsync"/>), calls carry <c>x-purser-project</c> and <c>x-purser-cache: off</c>.
/// </summary>
public class AuditGateway : IAsyncLifetime
{
    private readonly Dictionary<string, FakeUpstream> _upstreams = new(StringComparer.Ordinal);

    public GatewayServer Gateway { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public FakeUpstream this[string provider] => _upstreams[provider];

    public async Task InitializeAsync()
    {
        var config = new Dictionary<string, string?>
        {
            ["Purser:Resilience:Retry:MaxAttempts"] = "1",
            ["Purser:Budgets:TimeZone"] = "UTC",
            ["Purser:Budgets:RefreshSeconds"] = "3600", // budgets change only through the API in these tests
        };
        (string Name, string Kind, string BaseSuffix, string[] Models)[] providers =
        [
            ("oa", "openai", "/v1", ["gpt-4.1", "gpt-4.1-mini", "mystery-model"]),
            ("an", "anthropic", "", ["claude-sonnet-4-5", "claude-3-7-sonnet"]),
            ("ge", "gemini", "/v1beta", ["gemini-2.5-flash"]),
            ("xai", "openai", "/v1", ["grok-3-mini"]),
        ];
        foreach (var (name, kind, suffix, models) in providers)
        {
            FakeUpstream upstream = await FakeUpstream.StartAsync();
            _upstreams[name] = upstream;
            config[$"Purser:Providers:{name}:Kind"] = kind;
            config[$"Purser:Providers:{name}:BaseUrl"] = upstream.Url + suffix;
            config[$"Purser:Providers:{name}:ApiKey"] = "test-key-" + name;
            config[$"Purser:Providers:{name}:TimeoutSeconds"] = "30";
            for (int i = 0; i < models.Length; i++)
            {
                config[$"Purser:Providers:{name}:Models:{i}"] = models[i];
            }
        }

        Configure(config);
        Gateway = await GatewayServer.StartAsync(config);
        Http = Gateway.CreateAdminClient(); // budgets and reports are set and read through the admin API
    }

    /// <summary>Adds or replaces configuration before the gateway starts (a fixture for one test class).</summary>
    protected virtual void Configure(Dictionary<string, string?> config)
    {
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        foreach (FakeUpstream upstream in _upstreams.Values)
        {
            await upstream.DisposeAsync();
        }
    }

    /// <summary>A hard (or soft) dollar budget on one project, as <c>purser budget set NAME --scope project --match NAME --limit L</c>.</summary>
    public async Task SetBudgetAsync(string project, decimal limit, string window = "daily", string mode = "hard", string? extra = null)
    {
        string body = string.Create(System.Globalization.CultureInfo.InvariantCulture, $$"""{"scope":"project","match":"{{project}}","limit":{{limit}},"window":"{{window}}","mode":"{{mode}}"{{extra}}}""");
        using HttpResponseMessage response = await Http.PutAsync("/api/budgets/" + project, new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
    }

    /// <summary>A call for <paramref name="project"/>, cache off.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string body, string project, IDictionary<string, string>? headers = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-purser-project", project);
        request.Headers.Add("x-purser-cache", "off");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Http.SendAsync(request, completion, cancellationToken);
    }

    /// <summary>Waits until the ledger writer has committed every row accepted so far.</summary>
    public Task FlushLedgerAsync() => ((Ledger.LedgerWriter)Gateway.Services.GetService(typeof(Ledger.LedgerWriter))!).FlushAsync();

    /// <summary>The ledger rows of a project, oldest first.</summary>
    public async Task<List<Dictionary<string, object?>>> RowsAsync(string project)
    {
        await FlushLedgerAsync();
        return LedgerDb.Rows(Gateway.Home, $"SELECT * FROM ledger WHERE project = '{project}' ORDER BY id");
    }

    /// <summary>What a project's calls cost in all, by the ledger (unknown costs count 0 here; the rows say which).</summary>
    public async Task<decimal> SpentAsync(string project) => (await RowsAsync(project)).Sum(r => LedgerDb.Cost(r) ?? 0m);

    /// <summary>A Chat Completions answer as OpenAI documents it, with <paramref name="choices"/> choices and the given usage.</summary>
    public static string OpenAIAnswer(string model, JsonObject usage, int choices = 1)
    {
        var list = new JsonArray();
        for (int i = 0; i < choices; i++)
        {
            list.Add(new JsonObject
            {
                ["index"] = i,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "answer " + i, ["refusal"] = null },
                ["logprobs"] = null,
                ["finish_reason"] = "length",
            });
        }

        return new JsonObject
        {
            ["id"] = "chatcmpl-audit",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = list,
            ["usage"] = usage.DeepClone(),
        }.ToJsonString();
    }

    /// <summary>An OpenAI usage object.</summary>
    public static JsonObject OpenAIUsage(long prompt, long completion, long reasoning = 0, bool withTotal = true)
    {
        var usage = new JsonObject
        {
            ["prompt_tokens"] = prompt,
            ["completion_tokens"] = completion,
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
            ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = reasoning },
        };
        if (withTotal)
        {
            usage["total_tokens"] = prompt + completion;
        }

        return usage;
    }

    /// <summary>A Messages answer as Anthropic documents it.</summary>
    public static string AnthropicAnswer(string model, JsonObject usage) => new JsonObject
    {
        ["id"] = "msg_audit",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "answer" }),
        ["stop_reason"] = "end_turn",
        ["stop_sequence"] = null,
        ["usage"] = usage.DeepClone(),
    }.ToJsonString();

    /// <summary>An Anthropic usage object: <paramref name="input"/> uncached, cache writes split by lifetime.</summary>
    public static JsonObject AnthropicUsage(long input, long output, long write5m = 0, long write1h = 0) => new()
    {
        ["input_tokens"] = input,
        ["cache_creation_input_tokens"] = write5m + write1h,
        ["cache_read_input_tokens"] = 0,
        ["cache_creation"] = new JsonObject { ["ephemeral_5m_input_tokens"] = write5m, ["ephemeral_1h_input_tokens"] = write1h },
        ["output_tokens"] = output,
    };

    /// <summary>Writes a JSON answer.</summary>
    public static Task JsonAsync(HttpContext http, string body)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body);
    }

    /// <summary>Waits (bounded) until <paramref name="done"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, string what, int seconds = 20)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(10);
        }
    }
}
