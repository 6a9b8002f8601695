using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Errors;
using Purser.Providers.Anthropic;
using Purser.Providers.OpenAI;
using Purser.Routing;
using Purser.Streaming;

namespace Purser.Providers.Tests.Anthropic;

public sealed class AnthropicProviderTests
{
    private static readonly string FakeKey = "test-key-" + "not-real";

    private const string TextAnswer = """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"Hello there."}],"stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":4000,"output_tokens":6}}
        """;

    private static (AnthropicProvider Provider, FakeUpstreamHandler Handler) Create(Func<HttpRequestMessage, HttpResponseMessage> respond, ProviderOptions? options = null)
    {
        var handler = new FakeUpstreamHandler(respond);
        var provider = new AnthropicProvider(
            "anthropic",
            options ?? new ProviderOptions { Kind = "anthropic" },
            FakeKey,
            new HttpClient(handler),
            new FixedTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            NullLogger.Instance);
        return (provider, handler);
    }

    private static ProviderRequest OpenAIRequest(string json, bool stream = false)
    {
        ChatRequest request = OpenAIRequestReader.Read(Encoding.UTF8.GetBytes(json));
        request.Stream = stream;
        return new ProviderRequest(request, new Deployment("anthropic", "claude-sonnet-4-5"), TimeSpan.FromSeconds(30));
    }

    private static ProviderRequest Hello(bool stream = false) =>
        OpenAIRequest("""{"model":"smart","messages":[{"role":"user","content":"Hello"}]}""", stream);

    private static async Task<List<StreamChunk>> ReadAllAsync(IAsyncEnumerable<StreamChunk> chunks)
    {
        var list = new List<StreamChunk>();
        await foreach (StreamChunk chunk in chunks)
        {
            list.Add(chunk);
        }

        return list;
    }

    [Fact]
    public async Task CompleteAsync_Success_SendsMessagesCallAndReadsTheAnswer()
    {
        var (provider, handler) = Create(_ => FakeUpstreamHandler.Json(HttpStatusCode.OK, TextAnswer));

        ProviderResponse response = await provider.CompleteAsync(Hello(), CancellationToken.None);

        response.Error.ShouldBeNull();
        response.Protocol.ShouldBe(WireProtocol.AnthropicMessages);
        response.Response!.Text.ShouldBe("Hello there.");
        response.Response.Usage.InputTokens.ShouldBe(4012);
        response.Response.Usage.CachedInputTokens.ShouldBe(4000);
        Encoding.UTF8.GetString(response.RawBody.Span).ShouldContain("msg_01");

        var (sent, body) = handler.Received.ShouldHaveSingleItem();
        sent.Method.ShouldBe(HttpMethod.Post);
        sent.RequestUri.ShouldBe(new Uri("https://api.anthropic.com/v1/messages"));
        sent.Headers.GetValues("x-api-key").Single().ShouldBe(FakeKey);
        sent.Headers.GetValues("anthropic-version").Single().ShouldBe("2023-06-01");
        sent.Headers.Contains("Authorization").ShouldBeFalse();
        sent.Content!.Headers.ContentType!.MediaType.ShouldBe("application/json");
        JsonNode json = JsonNode.Parse(body)!;
        json["model"]!.GetValue<string>().ShouldBe("claude-sonnet-4-5");
        json["max_tokens"]!.GetValue<int>().ShouldBe(AnthropicRequestWriter.DefaultMaxTokens);
        json["messages"]![0]!["content"]!.GetValue<string>().ShouldBe("Hello");
    }

    [Fact]
    public async Task CompleteAsync_ConfiguredBaseUrlVersionAndHeaders_AreUsed()
    {
        var options = new ProviderOptions { Kind = "anthropic", BaseUrl = "https://proxy.example.com/anthropic/v1/", ApiVersion = "2024-01-01" };
        options.Headers["anthropic-beta"] = "prompt-caching-2024-07-31";
        var (provider, handler) = Create(_ => FakeUpstreamHandler.Json(HttpStatusCode.OK, TextAnswer), options);

        await provider.CompleteAsync(Hello(), CancellationToken.None);

        HttpRequestMessage sent = handler.Received.Single().Request;
        sent.RequestUri.ShouldBe(new Uri("https://proxy.example.com/anthropic/v1/messages"));
        sent.Headers.GetValues("anthropic-version").Single().ShouldBe("2024-01-01");
        sent.Headers.GetValues("anthropic-beta").Single().ShouldBe("prompt-caching-2024-07-31");
    }

    [Fact]
    public async Task CompleteAsync_JsonSchemaRequest_ReturnsTheJsonToolInputAsText()
    {
        var (provider, handler) = Create(_ => FakeUpstreamHandler.Json(HttpStatusCode.OK, """
            {"id":"msg_2","type":"message","role":"assistant","model":"c","content":[{"type":"tool_use","id":"toolu_1","name":"json_response","input":{"name":"Bob"}}],
             "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":10}}
            """));
        ProviderRequest request = OpenAIRequest("""
            {"model":"smart","messages":[{"role":"user","content":"Bob"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"p","schema":{"type":"object","properties":{"name":{"type":"string"}}}}}}
            """);

        ProviderResponse response = await provider.CompleteAsync(request, CancellationToken.None);

        response.Response!.Text.ShouldBe("""{"name":"Bob"}""");
        response.Response.FinishReason.ShouldBe(FinishReason.Stop);
        JsonNode.Parse(handler.Received.Single().Body)!["tool_choice"]!["name"]!.GetValue<string>().ShouldBe("json_response");
    }

    [Fact]
    public async Task CompleteAsync_RateLimited_ReturnsRateLimitedWithRetryAfter()
    {
        var (provider, _) = Create(_ =>
        {
            HttpResponseMessage r = FakeUpstreamHandler.Json((HttpStatusCode)429, """{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}""");
            r.Headers.TryAddWithoutValidation("retry-after", "7");
            return r;
        });

        ProviderResponse response = await provider.CompleteAsync(Hello(), CancellationToken.None);

        PurserError error = response.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(ErrorKind.RateLimited);
        error.StatusCode.ShouldBe(429);
        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        error.Message.ShouldContain("per-minute rate limit");
        error.IsRetryable.ShouldBeTrue();
    }

    [Fact]
    public async Task CompleteAsync_Overloaded_ReturnsRetryableUpstreamError()
    {
        var (provider, _) = Create(_ => FakeUpstreamHandler.Json((HttpStatusCode)529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""));

        ProviderResponse response = await provider.CompleteAsync(Hello(), CancellationToken.None);

        PurserError error = response.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(ErrorKind.UpstreamHttp);
        error.UpstreamStatus.ShouldBe(529);
        error.IsRetryable.ShouldBeTrue();
        error.Message.ShouldContain("overloaded_error: Overloaded");
        AnthropicErrors.TypeFor(error).ShouldBe("overloaded_error");
    }

    [Fact]
    public async Task CompleteAsync_MalformedBody_ReturnsInvalidResponse()
    {
        var (provider, _) = Create(_ => FakeUpstreamHandler.Json(HttpStatusCode.OK, """{"id":"msg_1","content":[{"type":"text","text":"cut"""));

        ProviderResponse response = await provider.CompleteAsync(Hello(), CancellationToken.None);

        response.Error.ShouldNotBeNull().Kind.ShouldBe(ErrorKind.InvalidResponse);
    }

    [Fact]
    public async Task CompleteAsync_UntranslatableRequest_FailsWithoutCallingTheUpstream()
    {
        var (provider, handler) = Create(_ => throw new InvalidOperationException("must not be called"));

        ProviderResponse response = await provider.CompleteAsync(
            OpenAIRequest("""{"model":"smart","logprobs":true,"messages":[{"role":"user","content":"x"}]}"""), CancellationToken.None);

        PurserError error = response.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(ErrorKind.BadRequest);
        error.Param.ShouldBe("logprobs");
        handler.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task StreamAsync_Success_YieldsEventsAndSuppressesMessageStop()
    {
        var (provider, handler) = Create(_ => FakeUpstreamHandler.EventStream(SseTestData.ThinkingTextToolStream));

        ProviderStreamResponse opened = await provider.StreamAsync(Hello(stream: true), CancellationToken.None);
        List<StreamChunk> chunks = await ReadAllAsync(opened.Chunks.ShouldNotBeNull());

        opened.Error.ShouldBeNull();
        chunks.SelectMany(c => c.Events).OfType<ErrorEvent>().ShouldBeEmpty();
        chunks.ShouldAllBe(c => c.Protocol == WireProtocol.AnthropicMessages);
        chunks[^1].Suppress.ShouldBeTrue();
        StreamAccumulator accumulator = SseTestData.Accumulate(chunks);
        accumulator.Text.ShouldBe("Okay, let's check the weather.");
        accumulator.Usage!.Value.OutputTokens.ShouldBe(89);
        HttpRequestMessage sent = handler.Received.Single().Request;
        sent.Headers.Accept.Single().MediaType.ShouldBe("text/event-stream");
        JsonNode.Parse(handler.Received.Single().Body)!["stream"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task StreamAsync_CutOffMidway_EndsWithAnErrorEvent()
    {
        string cut = SseTestData.ThinkingTextToolStream[..SseTestData.ThinkingTextToolStream.IndexOf("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2", StringComparison.Ordinal)];
        var (provider, _) = Create(_ => FakeUpstreamHandler.EventStream(cut));

        ProviderStreamResponse opened = await provider.StreamAsync(Hello(stream: true), CancellationToken.None);
        List<StreamChunk> chunks = await ReadAllAsync(opened.Chunks!);

        SseTestData.Accumulate(chunks[..^1]).Text.ShouldBe("Okay, let's check the weather.");
        PurserError error = chunks[^1].Events.Single().ShouldBeOfType<ErrorEvent>().Error;
        error.Kind.ShouldBe(ErrorKind.InvalidResponse);
        error.Code.ShouldBe("stream_interrupted");
    }

    [Fact]
    public async Task StreamAsync_OverloadedBeforeTheStream_ReturnsTheError()
    {
        var (provider, _) = Create(_ => FakeUpstreamHandler.Json((HttpStatusCode)529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""));

        ProviderStreamResponse opened = await provider.StreamAsync(Hello(stream: true), CancellationToken.None);

        opened.Chunks.ShouldBeNull();
        opened.Error!.UpstreamStatus.ShouldBe(529);
        opened.Error.IsRetryable.ShouldBeTrue();
    }

    [Fact]
    public async Task StreamAsync_OverloadedErrorEventMidStream_YieldsARetryableErrorEvent()
    {
        const string sse = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","model":"c","usage":{"input_tokens":5,"output_tokens":1}}}

            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}


            """;
        var (provider, _) = Create(_ => FakeUpstreamHandler.EventStream(sse));

        ProviderStreamResponse opened = await provider.StreamAsync(Hello(stream: true), CancellationToken.None);
        List<StreamChunk> chunks = await ReadAllAsync(opened.Chunks!);

        PurserError error = chunks.SelectMany(c => c.Events).OfType<ErrorEvent>().First().Error;
        error.UpstreamStatus.ShouldBe(529);
        error.IsRetryable.ShouldBeTrue();
    }
}
