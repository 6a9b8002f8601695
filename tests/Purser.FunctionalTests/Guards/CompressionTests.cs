using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Guards;

public sealed class CompressionTests
{
    private const string Wordy = "Please   review    this.\n\n\n\n\n**Important**:   keep   it   short.\n\n\n\nThanks    a    lot.";

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task CompressOn_UpstreamGetsTheCompressedPromptAndTheLedgerTheSavedTokens(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage on = await SendAsync(http, "on");
        using HttpResponseMessage off = await SendAsync(http, null);

        on.StatusCode.ShouldBe(HttpStatusCode.OK);
        off.StatusCode.ShouldBe(HttpStatusCode.OK);
        string compressed = h.Upstream.Received.First().Body;
        string original = h.Upstream.Received.Last().Body;
        compressed.ShouldNotContain("   ");
        compressed.ShouldContain("Important");
        compressed.ShouldNotContain("**Important**");
        original.ShouldContain("Please   review");
        long saved = (long)LedgerDb.Rows(h.Gateway.Home)[0]["tokens_saved"]!;
        saved.ShouldBeGreaterThan(0);
        on.Headers.GetValues("x-purser-compressed-tokens-saved").Single().ShouldBe(saved.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string? compress)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(new JsonObject
            {
                ["model"] = "fake-model",
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = Wordy }),
            }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (compress is not null)
        {
            request.Headers.Add("x-purser-compress", compress);
        }

        return http.SendAsync(request);
    }
}
