using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Purser.FunctionalTests.Infrastructure;
using static Purser.FunctionalTests.Caching.CacheCalls;

namespace Purser.FunctionalTests.Security;

/// <summary>
/// The audit's mock upstream answered 401 echoing its Authorization header, and the whole provider key landed in the
/// client's 502 and in the ledger. Purser's provider keys, and anything the secret scanner finds, are removed from
/// upstream error text before it goes anywhere — before the first byte and in the middle of a stream alike.
/// </summary>
public sealed class UpstreamErrorTextTests
{
    private static readonly string StrayToken = Guards.SecretGuardTests.GitHubToken;

    /// <summary>What an upstream that echoes the request's credentials says.</summary>
    private static string Echo(ReceivedRequest request) =>
        "Invalid credentials: " + string.Join("; ", request.Headers.Select(h => h.Key + "=" + h.Value)) + "; also saw " + StrayToken;

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task UpstreamError_EchoingTheKey_NeitherTheClientNorTheLedgerSeesIt(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        h.Upstream.Handler = (http, request) =>
        {
            h.Scenario.ErrorStatus = 401;
            h.Scenario.ErrorMessage = Echo(request);
            return h.Wire.AnswerAsync(http, request, h.Scenario);
        };
        using HttpClient http = h.Gateway.CreateClient();

        var (plain, plainBody) = await ChatAsync(http, OpenAIBody("who am I"));
        var (streamed, streamedBody) = await MessagesAsync(http, AnthropicBody("who am I", stream: true));
        await ((Ledger.LedgerWriter)h.Gateway.Services.GetService(typeof(Ledger.LedgerWriter))!).FlushAsync();

        plain.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        plainBody.ShouldContain("Invalid credentials");
        AssertClean(plainBody);
        AssertClean(streamedBody);
        ((int)streamed.StatusCode).ShouldBeGreaterThanOrEqualTo(400);
        AssertClean(string.Join("\n", LedgerDb.Rows(h.Gateway.Home).SelectMany(r => r.Values)));
        AssertClean(string.Join("\n", LedgerDb.Rows(h.Gateway.Home, "SELECT * FROM ledger_attempts").SelectMany(r => r.Values)));
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task MidStreamErrorEvent_EchoingTheKey_IsCleanedForSameAndOtherProtocolClients(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        h.Upstream.Handler = async (http, request) =>
        {
            string message = Echo(request).Replace("\"", "'", StringComparison.Ordinal);
            http.Response.ContentType = "text/event-stream";
            IReadOnlyList<string> events = h.Wire.StreamEvents(request, new FakeAnswer("partial answer"));
            await http.Response.WriteAsync(events[0] + events[1]);
            await http.Response.WriteAsync(wire == "openai"
                ? $"data: {{\"error\":{{\"message\":\"{message}\",\"type\":\"server_error\"}}}}\n\n"
                : $"event: error\ndata: {{\"type\":\"error\",\"error\":{{\"type\":\"api_error\",\"message\":\"{message}\"}}}}\n\n");
        };
        using HttpClient http = h.Gateway.CreateClient();

        var (_, openai) = await ChatAsync(http, OpenAIBody("stream please", stream: true));
        var (_, anthropic) = await MessagesAsync(http, AnthropicBody("stream please", stream: true));
        await ((Ledger.LedgerWriter)h.Gateway.Services.GetService(typeof(Ledger.LedgerWriter))!).FlushAsync();

        openai.ShouldContain("chat.completion.chunk");
        openai.ShouldContain("Invalid credentials");
        anthropic.ShouldContain("Invalid credentials");
        AssertClean(openai);
        AssertClean(anthropic);
        AssertClean(string.Join("\n", LedgerDb.Rows(h.Gateway.Home).SelectMany(r => r.Values)));
    }

    private static void AssertClean(string text)
    {
        text.ShouldNotContain(GatewayHarness.UpstreamKey);
        text.ShouldNotContain(StrayToken);
    }
}
