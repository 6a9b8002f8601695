using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Embeddings;
using Purser.Embeddings;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Embeddings;

/// <summary>
/// POST /v1/embeddings through the real gateway: passthrough onto an OpenAI-kind upstream, translation onto Gemini
/// (embedContent / batchEmbedContents), deterministic vectors from the simulated provider, a clear 400 for an Anthropic
/// model; priced from the catalog, recorded as operation "embedding", cached, held to hard budgets; driven with raw
/// HTTP, the official OpenAI .NET SDK and Microsoft.Extensions.AI's IEmbeddingGenerator.
/// </summary>
public sealed class EmbeddingsTests(EmbeddingsGateway g) : IClassFixture<EmbeddingsGateway>
{
    private static readonly decimal SmallPricePerToken = 0.02m / 1_000_000m;

    [Fact]
    public async Task OpenAIKind_FloatInput_IsPassedThroughAndPricedFromTheCatalog()
    {
        int before = g.OpenAI.CallCount;
        var (status, body, response) = await PostAsync("""{"model":"text-embedding-3-small","input":"passthrough one","user":"u-1","dimensions":4}""", cache: false);

        status.ShouldBe(HttpStatusCode.OK, body);
        g.OpenAI.CallCount.ShouldBe(before + 1);
        ReceivedRequest sent = g.OpenAI.LastRequest;
        sent.PathAndQuery.ShouldBe("/v1/embeddings");
        sent.Headers["Authorization"].ShouldBe("Bearer oai-upstream-key");
        sent.Json["input"]!.GetValue<string>().ShouldBe("passthrough one");
        sent.Json["user"]!.GetValue<string>().ShouldBe("u-1");
        JsonObject answer = JsonNode.Parse(body)!.AsObject();
        answer["object"]!.GetValue<string>().ShouldBe("list");
        Floats(answer["data"]![0]!["embedding"]!).ShouldBe(EmbeddingsGateway.VectorOf("passthrough one"));
        answer["usage"]!["prompt_tokens"]!.GetValue<int>().ShouldBe(EmbeddingsGateway.OpenAITokensPerInput);

        var row = Row(response);
        row["operation"].ShouldBe("embedding");
        row["deployment"].ShouldBe("oai/text-embedding-3-small");
        row["input_tokens"].ShouldBe((long)EmbeddingsGateway.OpenAITokensPerInput);
        row["output_tokens"].ShouldBe(0L);
        LedgerDb.Cost(row).ShouldBe(EmbeddingsGateway.OpenAITokensPerInput * SmallPricePerToken);
        response.Headers.GetValues("x-purser-cost-usd").Single().ShouldBe((EmbeddingsGateway.OpenAITokensPerInput * SmallPricePerToken).ToString("0.##########", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task OpenAIKind_TokenIdInputs_ArePassedThrough()
    {
        var (status, body, _) = await PostAsync("""{"model":"text-embedding-3-small","input":[[1,2,3],[4,5]]}""", cache: false);

        status.ShouldBe(HttpStatusCode.OK, body);
        g.OpenAI.LastRequest.Json["input"]!.ToJsonString().ShouldBe("[[1,2,3],[4,5]]");
        JsonNode.Parse(body)!["data"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task OfficialDotNetSdk_EmbeddingClient_GetsTheUpstreamVectorsInOrder()
    {
        EmbeddingClient client = new("text-embedding-3-small", new ApiKeyCredential("client-key"), new OpenAIClientOptions { Endpoint = new Uri(g.Gateway.Url + "/v1") });

        ClientResult<OpenAIEmbeddingCollection> result = await client.GenerateEmbeddingsAsync(["sdk alpha", "sdk beta, longer", "sdk gamma"], new OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = 6 });

        result.Value.Count.ShouldBe(3);
        result.Value[1].ToFloats().ToArray().ShouldBe(EmbeddingsGateway.VectorOf("sdk beta, longer", 6));
        result.Value[2].ToFloats().ToArray().ShouldBe(EmbeddingsGateway.VectorOf("sdk gamma", 6));
        result.Value.Usage.InputTokenCount.ShouldBe(3 * EmbeddingsGateway.OpenAITokensPerInput);
        g.OpenAI.LastRequest.Json["dimensions"]!.GetValue<int>().ShouldBe(6);
    }

    [Fact]
    public async Task MicrosoftExtensionsAI_IEmbeddingGenerator_WorksThroughTheGateway()
    {
        EmbeddingClient client = new("gemini-embedding-001", new ApiKeyCredential("client-key"), new OpenAIClientOptions { Endpoint = new Uri(g.Gateway.Url + "/v1") });
        IEmbeddingGenerator<string, Embedding<float>> generator = client.AsIEmbeddingGenerator();

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["meai one", "meai two"], new Microsoft.Extensions.AI.EmbeddingGenerationOptions { Dimensions = 5 });

        result.Count.ShouldBe(2);
        result[0].Vector.ToArray().ShouldBe(EmbeddingsGateway.VectorOf("meai one", 5));
        result[1].Vector.ToArray().ShouldBe(EmbeddingsGateway.VectorOf("meai two", 5));
        result.Usage!.InputTokenCount.ShouldNotBeNull().ShouldBeGreaterThan(0);
        g.Gemini.LastRequest.PathAndQuery.ShouldBe("/v1beta/models/gemini-embedding-001:batchEmbedContents");
    }

    [Fact]
    public async Task Gemini_OneInput_GoesToEmbedContent_AndIsCountedLocallyWhenGeminiReportsNoUsage()
    {
        var (status, body, response) = await PostAsync("""{"model":"gemini-embedding-001","input":"gemini single input","dimensions":3}""", cache: false);

        status.ShouldBe(HttpStatusCode.OK, body);
        ReceivedRequest sent = g.Gemini.LastRequest;
        sent.PathAndQuery.ShouldBe("/v1beta/models/gemini-embedding-001:embedContent");
        sent.Headers["x-goog-api-key"].ShouldBe("gem-upstream-key");
        sent.Json.ToJsonString().ShouldBe("""{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"gemini single input"}]},"outputDimensionality":3}""");
        JsonObject answer = JsonNode.Parse(body)!.AsObject();
        answer["data"]![0]!["index"]!.GetValue<int>().ShouldBe(0);
        Floats(answer["data"]![0]!["embedding"]!).ShouldBe(EmbeddingsGateway.VectorOf("gemini single input", 3));
        answer["model"]!.GetValue<string>().ShouldBe("gemini-embedding-001");

        var row = Row(response);
        long tokens = (long)row["input_tokens"]!;
        tokens.ShouldBeGreaterThan(0);
        answer["usage"]!["prompt_tokens"]!.GetValue<long>().ShouldBe(tokens);
        row["cost_estimated"].ShouldBe(1L);
        LedgerDb.Cost(row).ShouldBe(tokens * (0.15m / 1_000_000m));
    }

    [Fact]
    public async Task Gemini_SeveralInputs_GoToBatchEmbedContents_InOrder_WithReportedUsage_AndBase64WhenAsked()
    {
        g.GeminiReportsUsage = true;
        try
        {
            var (status, body, response) = await PostAsync("""{"model":"gemini-embedding-001","input":["first","second one","third"],"encoding_format":"base64","user":"who"}""", cache: false);

            status.ShouldBe(HttpStatusCode.OK, body);
            ReceivedRequest sent = g.Gemini.LastRequest;
            sent.PathAndQuery.ShouldBe("/v1beta/models/gemini-embedding-001:batchEmbedContents");
            JsonArray requests = sent.Json["requests"]!.AsArray();
            requests.Select(r => r!["content"]!["parts"]![0]!["text"]!.GetValue<string>()).ShouldBe(["first", "second one", "third"]);
            requests.ShouldAllBe(r => r!["model"]!.GetValue<string>() == "models/gemini-embedding-001");
            response.Headers.GetValues("x-purser-dropped-fields").Single().ShouldBe("user");
            JsonArray data = JsonNode.Parse(body)!["data"]!.AsArray();
            data.Select(d => EmbeddingVectors.FromBase64(d!["embedding"]!.GetValue<string>())).ShouldBe([EmbeddingsGateway.VectorOf("first"), EmbeddingsGateway.VectorOf("second one"), EmbeddingsGateway.VectorOf("third")]);
            var row = Row(response);
            row["input_tokens"].ShouldBe(33L);
            row["cost_estimated"].ShouldBe(0L);
        }
        finally
        {
            g.GeminiReportsUsage = false;
        }
    }

    [Fact]
    public async Task Gemini_MoreInputsThanOneBatchTakes_AreSplitIntoSeveralUpstreamCalls_JoinedInOrder_OneLedgerRowWithTheSummedUsage()
    {
        // 201 inputs: batchEmbedContents takes at most 100 requests, so 100 + 100 + 1 (the last one by embedContent).
        const int Count = 201;
        string[] texts = [.. Enumerable.Range(0, Count).Select(i => "split input " + i.ToString(CultureInfo.InvariantCulture))];
        string json = new JsonObject { ["model"] = "gemini-embedding-001", ["input"] = new JsonArray([.. texts.Select(t => (JsonNode?)JsonValue.Create(t))]) }.ToJsonString();
        int before = g.Gemini.Received.Count;
        g.GeminiReportsUsage = true;
        try
        {
            var (status, body, response) = await PostAsync(json, cache: false);

            status.ShouldBe(HttpStatusCode.OK, body);
            ReceivedRequest[] sent = [.. g.Gemini.Received.Skip(before)];
            sent.Select(r => r.PathAndQuery).ShouldBe([
                "/v1beta/models/gemini-embedding-001:batchEmbedContents",
                "/v1beta/models/gemini-embedding-001:batchEmbedContents",
                "/v1beta/models/gemini-embedding-001:embedContent"]);
            sent[0].Json["requests"]!.AsArray().Count.ShouldBe(EmbeddingsGateway.GeminiBatchLimit);
            sent[1].Json["requests"]!.AsArray()[0]!["content"]!["parts"]![0]!["text"]!.GetValue<string>().ShouldBe("split input 100");
            sent[2].Json["content"]!["parts"]![0]!["text"]!.GetValue<string>().ShouldBe("split input 200");

            JsonObject answer = JsonNode.Parse(body)!.AsObject();
            JsonArray data = answer["data"]!.AsArray();
            data.Select(d => d!["index"]!.GetValue<int>()).ShouldBe(Enumerable.Range(0, Count));
            data.Select(d => Floats(d!["embedding"]!)).ShouldBe(texts.Select(t => EmbeddingsGateway.VectorOf(t)));
            answer["usage"]!["prompt_tokens"]!.GetValue<long>().ShouldBe(11L * Count);

            // One inbound call: one ledger row and one attempt, with the usage and cost of all three upstream calls.
            var row = Row(response);
            row["input_tokens"].ShouldBe(11L * Count);
            row["cost_estimated"].ShouldBe(0L);
            LedgerDb.Cost(row).ShouldBe(11m * Count * (0.15m / 1_000_000m));
            row["attempts"].ShouldBe(1L);
        }
        finally
        {
            g.GeminiReportsUsage = false;
        }
    }

    [Fact]
    public async Task Gemini_TokenIdInput_IsA400NamingTheInput_AndGeminiIsNotCalled()
    {
        int before = g.Gemini.CallCount;
        var (status, body, _) = await PostAsync("""{"model":"gemini-embedding-001","input":["text",[1,2]]}""", cache: false);

        status.ShouldBe(HttpStatusCode.BadRequest, body);
        JsonNode error = JsonNode.Parse(body)!["error"]!;
        error["param"]!.GetValue<string>().ShouldBe("input[1]");
        error["message"]!.GetValue<string>().ShouldContain("Gemini embeds text only");
        g.Gemini.CallCount.ShouldBe(before);
    }

    [Fact]
    public async Task Simulated_GivesDeterministicUnitVectors_OfTheAskedLength()
    {
        var (s1, b1, r1) = await PostAsync("""{"model":"sim-embed","input":["same text","other text"],"dimensions":64}""", cache: false);
        var (s2, b2, _) = await PostAsync("""{"model":"sim-embed","input":"same text","dimensions":64}""", cache: false);

        s1.ShouldBe(HttpStatusCode.OK, b1);
        s2.ShouldBe(HttpStatusCode.OK, b2);
        float[] a = Floats(JsonNode.Parse(b1)!["data"]![0]!["embedding"]!);
        float[] other = Floats(JsonNode.Parse(b1)!["data"]![1]!["embedding"]!);
        float[] again = Floats(JsonNode.Parse(b2)!["data"]![0]!["embedding"]!);
        a.Length.ShouldBe(64);
        again.ShouldBe(a);
        other.ShouldNotBe(a);
        Math.Sqrt(a.Sum(v => (double)v * v)).ShouldBe(1.0, 1e-5);
        var row = Row(r1);
        row["operation"].ShouldBe("embedding");
        LedgerDb.Cost(row).ShouldBe((long)row["input_tokens"]! * SmallPricePerToken);
    }

    [Fact]
    public async Task AnthropicModel_IsA400InOpenAIFormatNamingTheReason()
    {
        var (status, body, response) = await PostAsync("""{"model":"claude-sonnet-4-5","input":"hello"}""", cache: false);

        status.ShouldBe(HttpStatusCode.BadRequest, body);
        JsonNode error = JsonNode.Parse(body)!["error"]!;
        error["code"]!.GetValue<string>().ShouldBe("embeddings_not_supported");
        error["param"]!.GetValue<string>().ShouldBe("model");
        error["message"]!.GetValue<string>().ShouldContain("Anthropic API has no embeddings endpoint");
        g.Anthropic.CallCount.ShouldBe(0);
        Row(response)["status"].ShouldBe(400L);
    }

    [Theory]
    [InlineData("""{"model":"text-embedding-3-small"}""", "input")]
    [InlineData("""{"model":"text-embedding-3-small","input":[]}""", "input")]
    [InlineData("""{"model":"text-embedding-3-small","input":""}""", "input")]
    [InlineData("""{"model":"text-embedding-3-small","input":["ok",3.5]}""", "input[1]")]
    [InlineData("""{"model":"text-embedding-3-small","input":[1,-2]}""", "input[1]")]
    [InlineData("""{"model":"text-embedding-3-small","input":"x","encoding_format":"int8"}""", "encoding_format")]
    [InlineData("""{"model":"text-embedding-3-small","input":"x","dimensions":0}""", "dimensions")]
    [InlineData("""{"input":"x"}""", "model")]
    public async Task MalformedRequest_IsA400InOpenAIFormatNamingTheField(string json, string param)
    {
        int before = g.OpenAI.CallCount;
        var (status, body, _) = await PostAsync(json, cache: false);

        status.ShouldBe(HttpStatusCode.BadRequest, body);
        JsonNode.Parse(body)!["error"]!["param"]!.GetValue<string>().ShouldBe(param);
        g.OpenAI.CallCount.ShouldBe(before);
    }

    [Fact]
    public async Task SameInputTwice_IsAnsweredFromTheCache_InTheEncodingEachCallAsks()
    {
        const string Input = "cache me, please";
        var (s1, b1, r1) = await PostAsync($$"""{"model":"text-embedding-3-small","input":"{{Input}}"}""");
        int calls = g.OpenAI.CallCount;
        var (s2, b2, r2) = await PostAsync($$"""{"model":"text-embedding-3-small","input":"{{Input}}","encoding_format":"base64"}""");

        s1.ShouldBe(HttpStatusCode.OK, b1);
        s2.ShouldBe(HttpStatusCode.OK, b2);
        r1.Headers.GetValues("x-purser-cache").Single().ShouldBe("miss");
        r2.Headers.GetValues("x-purser-cache").Single().ShouldBe("hit");
        g.OpenAI.CallCount.ShouldBe(calls);
        EmbeddingVectors.FromBase64(JsonNode.Parse(b2)!["data"]![0]!["embedding"]!.GetValue<string>()).ShouldBe(EmbeddingsGateway.VectorOf(Input));
        var hit = Row(r2);
        hit["operation"].ShouldBe("embedding");
        hit["cache_hit"].ShouldBe(1L);
        LedgerDb.Cost(hit).ShouldBe(0m);
    }

    [Fact]
    public async Task HardBudget_ASmallEmbeddingIsReservedAndReconciled_ALargeOneIsRefusedBeforeTheUpstream()
    {
        var (s1, b1, r1) = await PostAsync("""{"model":"text-embedding-3-small","input":"budget small"}""", project: "tight", cache: false);
        s1.ShouldBe(HttpStatusCode.OK, b1);
        decimal cost = EmbeddingsGateway.OpenAITokensPerInput * SmallPricePerToken;
        LedgerDb.Cost(Row(r1)).ShouldBe(cost);
        JsonNode budget = JsonNode.Parse(await g.Http.GetStringAsync("/api/budgets/status"))!.AsArray().Single(b => b!["name"]!.GetValue<string>() == "tight")!;
        (budget["spent"]!.GetValue<decimal>(), budget["reserved"]!.GetValue<decimal>()).ShouldBe((cost, 0m));

        int before = g.OpenAI.CallCount;
        string large = string.Join(' ', Enumerable.Range(0, 200).Select(i => "word" + i.ToString(CultureInfo.InvariantCulture)));
        var (s2, b2, _) = await PostAsync($$"""{"model":"text-embedding-3-small","input":"{{large}}"}""", project: "tight", cache: false);

        s2.ShouldBe(HttpStatusCode.TooManyRequests, b2);
        JsonNode.Parse(b2)!["error"]!["code"]!.GetValue<string>().ShouldBe("budget_exceeded");
        g.OpenAI.CallCount.ShouldBe(before);
    }

    [Fact]
    public async Task Reports_ShowEmbeddingsUnderTheirOperation()
    {
        var (status, body, _) = await PostAsync("""{"model":"sim-embed","input":"for the report"}""", cache: false);
        status.ShouldBe(HttpStatusCode.OK, body);

        JsonNode report = JsonNode.Parse(await g.Http.GetStringAsync("/api/costs?period=24h&by=operation"))!;
        JsonNode group = report["report"]!["groups"]!.AsArray().Single(x => x!["key"]!.GetValue<string>() == "embedding")!;
        group["totals"]!["calls"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task NpmOpenAISdk_Embeddings_DefaultBase64FloatAndBatch()
    {
        JsonObject result = await NpmScript.RunAsync("clients.mjs", "openai", g.Gateway.Url, "text-embedding-3-small", only: "embeddings_");

        JsonNode? @default = result["embeddings_default"];
        @default!["error"].ShouldBeNull(@default.ToJsonString());
        Floats(@default["first"]!).ShouldBe(EmbeddingsGateway.VectorOf("npm default"));
        @default["prompt"]!.GetValue<int>().ShouldBe(EmbeddingsGateway.OpenAITokensPerInput);
        Floats(result["embeddings_float"]!["first"]!).ShouldBe(EmbeddingsGateway.VectorOf("npm float"));
        result["embeddings_batch"]!["indices"]!.ToJsonString().ShouldBe("[0,1,2]");
        result["embeddings_batch"]!["lengths"]!.ToJsonString().ShouldBe("[8,8,8]");
    }

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(string json, string? project = null, bool cache = true)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (project is not null)
        {
            message.Headers.Add("x-purser-project", project);
        }

        if (!cache)
        {
            message.Headers.Add("x-purser-cache", "off");
        }

        HttpResponseMessage response = await g.Http.SendAsync(message);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private Dictionary<string, object?> Row(HttpResponseMessage response)
    {
        string id = response.Headers.GetValues("x-purser-request-id").Single();
        return LedgerDb.Rows(g.Gateway.Home, $"SELECT * FROM ledger WHERE request_id = '{id}'").Single();
    }

    private static float[] Floats(JsonNode array) => [.. array.AsArray().Select(v => v!.GetValue<float>())];
}
