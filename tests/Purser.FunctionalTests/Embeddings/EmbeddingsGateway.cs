using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Embeddings;

/// <summary>
/// One gateway for the embeddings tests: an OpenAI-kind fake upstream ("oai", text-embedding-3-small), a Gemini fake
/// upstream ("gem", gemini-embedding-001), the simulated provider ("sim", sim-embed priced as text-embedding-3-small),
/// an Anthropic provider ("claude") that must never be called, and a hard budget on project "tight".
/// </summary>
public sealed class EmbeddingsGateway : IAsyncLifetime
{
    /// <summary>What the OpenAI fake bills per input.</summary>
    public const int OpenAITokensPerInput = 7;

    /// <summary>The hard budget of project "tight": room for a few small embeddings, not for a large one.</summary>
    public const decimal TightLimitUsd = 0.000001m;

    public FakeUpstream OpenAI { get; private set; } = null!;

    public FakeUpstream Gemini { get; private set; } = null!;

    public FakeUpstream Anthropic { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The most requests the Gemini API takes in one batchEmbedContents call.</summary>
    public const int GeminiBatchLimit = 100;

    /// <summary>Whether the Gemini fake reports usageMetadata (the Gemini Developer API usually does not for embeddings).</summary>
    public volatile bool GeminiReportsUsage;

    public async Task InitializeAsync()
    {
        OpenAI = await FakeUpstream.StartAsync();
        OpenAI.Handler = AnswerOpenAIAsync;
        Gemini = await FakeUpstream.StartAsync();
        Gemini.Handler = AnswerGeminiAsync;
        Anthropic = await FakeUpstream.StartAsync();
        var config = new Dictionary<string, string?>
        {
            ["Purser:Providers:oai:Kind"] = "openai",
            ["Purser:Providers:oai:BaseUrl"] = OpenAI.Url + "/v1",
            ["Purser:Providers:oai:ApiKey"] = "oai-upstream-key",
            ["Purser:Providers:oai:Models:0"] = "text-embedding-3-small",
            ["Purser:Providers:gem:Kind"] = "gemini",
            ["Purser:Providers:gem:BaseUrl"] = Gemini.Url + "/v1beta",
            ["Purser:Providers:gem:ApiKey"] = "gem-upstream-key",
            ["Purser:Providers:gem:Models:0"] = "gemini-embedding-001",
            ["Purser:Providers:sim:Kind"] = "simulated",
            ["Purser:Providers:sim:Models:0"] = "sim-embed",
            ["Purser:Providers:sim:Simulated:PriceAs"] = "openai/text-embedding-3-small",
            ["Purser:Providers:claude:Kind"] = "anthropic",
            ["Purser:Providers:claude:BaseUrl"] = Anthropic.Url,
            ["Purser:Providers:claude:ApiKey"] = "claude-upstream-key",
            ["Purser:Providers:claude:Models:0"] = "claude-sonnet-4-5",
            ["Purser:Resilience:Retry:MaxAttempts"] = "1",
            ["Purser:Budgets:TimeZone"] = "UTC",
            ["Purser:Budgets:Items:tight:Scope"] = "project",
            ["Purser:Budgets:Items:tight:Match"] = "tight",
            ["Purser:Budgets:Items:tight:Window"] = "total",
            ["Purser:Budgets:Items:tight:Limit"] = TightLimitUsd.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Gateway = await GatewayServer.StartAsync(config);
        Http = Gateway.CreateAdminClient();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        await OpenAI.DisposeAsync();
        await Gemini.DisposeAsync();
        await Anthropic.DisposeAsync();
    }

    /// <summary>The vector the fakes give an input: derived from its text, so answers can be checked value by value.</summary>
    public static float[] VectorOf(string text, int dimensions = 4)
    {
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++)
        {
            vector[i] = ((text.Length * 31) + (i * 7) + (text.Length > 0 ? text[0] : 0)) / 1000f;
        }

        return vector;
    }

    /// <summary>OpenAI's POST /v1/embeddings: one vector per input, in numbers or base64 as asked, usage 7 tokens per input.</summary>
    private static async Task AnswerOpenAIAsync(HttpContext http, ReceivedRequest request)
    {
        if (request.PathAndQuery != "/v1/embeddings")
        {
            http.Response.StatusCode = 404;
            await http.Response.WriteAsync("""{"error":{"message":"not here"}}""");
            return;
        }

        JsonObject body = request.Json;
        JsonNode input = body["input"]!;
        List<string> texts = input switch
        {
            JsonArray ids when ids.Count > 0 && ids[0]!.GetValueKind() == JsonValueKind.Number => ["tokens:" + ids.Count],
            JsonArray items => [.. items.Select(i => i is JsonArray tokens ? "tokens:" + tokens.Count : i!.GetValue<string>())],
            _ => [input.GetValue<string>()],
        };
        int dimensions = body["dimensions"]?.GetValue<int>() ?? 4;
        bool base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (int i = 0; i < texts.Count; i++)
        {
            float[] vector = VectorOf(texts[i], dimensions);
            JsonNode embedding = base64 ? JsonValue.Create(Purser.Embeddings.EmbeddingVectors.ToBase64(vector)) : new JsonArray([.. vector.Select(v => (JsonNode?)JsonValue.Create(v))]);
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        int tokens = OpenAITokensPerInput * texts.Count;
        var answer = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body["model"]!.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(answer.ToJsonString());
    }

    /// <summary>Gemini's embedContent and batchEmbedContents.</summary>
    private async Task AnswerGeminiAsync(HttpContext http, ReceivedRequest request)
    {
        JsonObject body = request.Json;
        JsonObject Embedding(JsonObject one)
        {
            string text = one["content"]!["parts"]![0]!["text"]!.GetValue<string>();
            int dimensions = one["outputDimensionality"]?.GetValue<int>() ?? 4;
            return new JsonObject { ["values"] = new JsonArray([.. VectorOf(text, dimensions).Select(v => (JsonNode?)JsonValue.Create(v))]) };
        }

        JsonObject answer;
        int count;
        if (request.PathAndQuery.EndsWith(":batchEmbedContents", StringComparison.Ordinal))
        {
            JsonArray requests = body["requests"]!.AsArray();
            if (requests.Count > GeminiBatchLimit)
            {
                // As the Gemini API answers a batch over its limit.
                http.Response.StatusCode = 400;
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("""{"error":{"code":400,"message":"* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch\n","status":"INVALID_ARGUMENT"}}""");
                return;
            }

            answer = new JsonObject { ["embeddings"] = new JsonArray([.. requests.Select(r => (JsonNode?)Embedding(r!.AsObject()))]) };
            count = requests.Count;
        }
        else if (request.PathAndQuery.EndsWith(":embedContent", StringComparison.Ordinal))
        {
            answer = new JsonObject { ["embedding"] = Embedding(body) };
            count = 1;
        }
        else
        {
            http.Response.StatusCode = 404;
            await http.Response.WriteAsync("""{"error":{"code":404,"message":"not here","status":"NOT_FOUND"}}""");
            return;
        }

        if (GeminiReportsUsage)
        {
            answer["usageMetadata"] = new JsonObject { ["promptTokenCount"] = 11 * count, ["totalTokenCount"] = 11 * count };
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(answer.ToJsonString());
    }
}
