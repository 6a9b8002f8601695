using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Errors;
using Purser.Providers.Gemini;
using Purser.Routing;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Tests.Gemini;

public sealed class GeminiProviderTests
{
    // Obviously fake, and built at run time so it never looks like a real key in the source.
    private static readonly string ApiKey = "test-" + "gemini-" + "key-0000";

    private readonly FakeGeminiHandler _upstream = new();

    private GeminiProvider Provider(string? baseUrl = null) =>
        new("gemini", new ProviderOptions { Kind = ProviderKind.Gemini, BaseUrl = baseUrl }, ApiKey, new HttpClient(_upstream), TimeProvider.System, NullLogger.Instance);

    private static ProviderRequest Request(string model = "models/gemini-2.5-flash", bool stream = false)
    {
        var request = new ChatRequest { Model = "gemini-2.5-flash", SourceProtocol = WireProtocol.OpenAIChat, Stream = stream };
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "What is the weather in Paris?"));
        return new ProviderRequest(request, new Deployment("gemini", model), TimeSpan.FromSeconds(30));
    }

    private static async Task<List<StreamChunk>> ReadAllAsync(ProviderStreamResponse response)
    {
        var chunks = new List<StreamChunk>();
        await foreach (StreamChunk chunk in response.Chunks!)
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    [Fact]
    public async Task CompleteAsync_Success_PostsToGenerateContentWithKeyInHeaderOnly()
    {
        _upstream.Respond = _ => FakeGeminiHandler.Json(HttpStatusCode.OK, """
            {"candidates":[{"content":{"parts":[{"text":"Sunny, 21 °C."}],"role":"model"},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":6,"thoughtsTokenCount":30,"totalTokenCount":45},
             "modelVersion":"gemini-2.5-flash","responseId":"resp-42"}
            """);

        ProviderResponse response = await Provider().CompleteAsync(Request(), CancellationToken.None);

        response.Error.ShouldBeNull();
        response.Protocol.ShouldBe(WireProtocol.Gemini);
        response.Response!.Text.ShouldBe("Sunny, 21 °C.");
        response.Response.Id.ShouldBe("resp-42");
        response.Response.Usage.ShouldBe(new TokenUsage(inputTokens: 9, outputTokens: 36, reasoningTokens: 30));
        var sent = _upstream.Requests.ShouldHaveSingleItem();
        sent.Method.ShouldBe(HttpMethod.Post);
        sent.Uri.ToString().ShouldBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
        sent.Headers["x-goog-api-key"].ShouldBe(ApiKey);
        sent.Uri.ToString().ShouldNotContain(ApiKey);
        sent.Headers.ContainsKey("Authorization").ShouldBeFalse();
        JsonDocument.Parse(sent.Body).RootElement.GetProperty("contents")[0].GetProperty("parts")[0].GetProperty("text").GetString()
            .ShouldBe("What is the weather in Paris?");
    }

    [Fact]
    public async Task CompleteAsync_ModelWithoutPrefixAndCustomBaseUrl_BuildsTheSameKindOfUrl()
    {
        _upstream.Respond = _ => FakeGeminiHandler.Json(HttpStatusCode.OK, """{"candidates":[{"content":{"parts":[{"text":"ok"}]},"finishReason":"STOP"}]}""");

        await Provider("http://localhost:8089/v1beta/").CompleteAsync(Request("gemini-2.0-flash"), CancellationToken.None);

        _upstream.Requests.ShouldHaveSingleItem().Uri.ToString().ShouldBe("http://localhost:8089/v1beta/models/gemini-2.0-flash:generateContent");
    }

    [Fact]
    public async Task StreamAsync_Success_ReadsServerSentEventsFromStreamGenerateContent()
    {
        _upstream.Respond = _ => FakeGeminiHandler.EventStream(GeminiStreamParserTests.TextThenFunctionCall);

        ProviderStreamResponse opened = await Provider().StreamAsync(Request(stream: true), CancellationToken.None);
        List<StreamChunk> chunks = await ReadAllAsync(opened);

        opened.Error.ShouldBeNull();
        var sent = _upstream.Requests.ShouldHaveSingleItem();
        sent.Uri.ToString().ShouldBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        sent.Uri.Query.ShouldNotContain("key=");
        sent.Headers["x-goog-api-key"].ShouldBe(ApiKey);
        chunks.Count.ShouldBe(3);
        var events = chunks.SelectMany(c => c.Events).ToList();
        events.OfType<ErrorEvent>().ShouldBeEmpty();
        events.OfType<FinishEvent>().ShouldHaveSingleItem().Reason.ShouldBe(FinishReason.ToolCalls);
        events.OfType<UsageEvent>().Last().Usage.OutputTokens.ShouldBe(140);
    }

    [Fact]
    public async Task StreamAsync_CutBeforeFinishReason_EndsWithAnInterruptedError()
    {
        string cut = GeminiStreamParserTests.TextThenFunctionCall[..GeminiStreamParserTests.TextThenFunctionCall.IndexOf("data: {\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\"", StringComparison.Ordinal)];
        _upstream.Respond = _ => FakeGeminiHandler.EventStream(cut);

        ProviderStreamResponse opened = await Provider().StreamAsync(Request(stream: true), CancellationToken.None);
        List<StreamChunk> chunks = await ReadAllAsync(opened);

        chunks.Count.ShouldBe(3);
        chunks[0].Events.OfType<TextDeltaEvent>().ShouldHaveSingleItem().Text.ShouldBe("Let me check");
        var error = chunks[^1].Events.ShouldHaveSingleItem().ShouldBeOfType<ErrorEvent>().Error;
        error.Kind.ShouldBe(ErrorKind.InvalidResponse);
        error.Code.ShouldBe("stream_interrupted");
    }

    [Fact]
    public async Task StreamAsync_CutMidEvent_EndsWithAnError()
    {
        _upstream.Respond = _ => FakeGeminiHandler.EventStream("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel");

        ProviderStreamResponse opened = await Provider().StreamAsync(Request(stream: true), CancellationToken.None);
        List<StreamChunk> chunks = await ReadAllAsync(opened);

        chunks.ShouldHaveSingleItem().Events.ShouldHaveSingleItem().ShouldBeOfType<ErrorEvent>().Error.Kind.ShouldBe(ErrorKind.InvalidResponse);
    }

    [Fact]
    public async Task CompleteAsync_RateLimited_ReadsTheRetryDelayFromTheBody()
    {
        _upstream.Respond = _ => FakeGeminiHandler.Json(HttpStatusCode.TooManyRequests, GeminiErrorsTests.RateLimitBody);

        ProviderResponse response = await Provider().CompleteAsync(Request(), CancellationToken.None);

        PurserError error = response.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(ErrorKind.RateLimited);
        error.StatusCode.ShouldBe(429);
        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(27));
        error.Message.ShouldContain("RESOURCE_EXHAUSTED");
        error.Message.ShouldNotContain(ApiKey);
    }

    [Fact]
    public async Task StreamAsync_RateLimitedBeforeTheStream_FailsToOpenWithRetryDelay()
    {
        _upstream.Respond = _ => FakeGeminiHandler.Json(HttpStatusCode.TooManyRequests, "[" + GeminiErrorsTests.RateLimitBody + "]");

        ProviderStreamResponse opened = await Provider().StreamAsync(Request(stream: true), CancellationToken.None);

        opened.Chunks.ShouldBeNull();
        opened.Error!.Kind.ShouldBe(ErrorKind.RateLimited);
        opened.Error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(27));
    }

    [Fact]
    public async Task CompleteAsync_ServerError_IsRetryableUpstreamError()
    {
        _upstream.Respond = _ => FakeGeminiHandler.Json(HttpStatusCode.InternalServerError, """{"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}}""");

        ProviderResponse response = await Provider().CompleteAsync(Request(), CancellationToken.None);

        PurserError error = response.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(ErrorKind.UpstreamHttp);
        error.StatusCode.ShouldBe(502);
        error.UpstreamStatus.ShouldBe(500);
        error.IsRetryable.ShouldBeTrue();
        error.Message.ShouldContain("An internal error has occurred. (INTERNAL)");
    }

    [Fact]
    public async Task CompleteAsync_InvalidKey_IsReportedAsPursersCredentials()
    {
        _upstream.Respond = _ => FakeGeminiHandler.Json(HttpStatusCode.BadRequest, GeminiErrorsTests.InvalidKeyBody);

        ProviderResponse response = await Provider().CompleteAsync(Request(), CancellationToken.None);

        response.Error!.Code.ShouldBe("upstream_auth");
        response.Error.StatusCode.ShouldBe(502);
    }

    [Fact]
    public async Task CompleteAsync_MalformedBody_IsInvalidResponse()
    {
        _upstream.Respond = _ => FakeGeminiHandler.Json(HttpStatusCode.OK, """{"candidates": [{"content": {"parts": [{"text": "truncat""");

        ProviderResponse response = await Provider().CompleteAsync(Request(), CancellationToken.None);

        response.Error!.Kind.ShouldBe(ErrorKind.InvalidResponse);
        response.Error.Message.ShouldContain("Gemini");
    }

    [Fact]
    public async Task CompleteAsync_UntranslatableRequest_FailsWithoutCallingUpstream()
    {
        ProviderRequest request = Request();
        request.Request.Messages.Add(new ChatMessage(ChatRole.User, [ImagePart.FromUrl("https://example.com/cat.png")]));

        ProviderResponse response = await Provider().CompleteAsync(request, CancellationToken.None);

        response.Error!.Kind.ShouldBe(ErrorKind.BadRequest);
        response.Error.Code.ShouldBe("untranslatable");
        _upstream.Requests.ShouldBeEmpty();
    }
}
