using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

public sealed class LimitsTests
{
    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/messages")]
    public async Task BodyOverTheLimit_Is413InTheProtocolsFormatAndNeverReachesUpstream(string path)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Limits:MaxRequestBodyBytes"] = "4096");
        using HttpClient http = h.Gateway.CreateClient();
        string big = new('a', 10_000);

        using HttpResponseMessage response = await http.PostAsync(path, new StringContent($$"""{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":"{{big}}"}]}""", Encoding.UTF8, "application/json"));
        JsonObject body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        if (path == "/v1/messages")
        {
            body["type"]!.GetValue<string>().ShouldBe("error");
            body["error"]!["type"]!.GetValue<string>().ShouldBe("request_too_large");
        }
        else
        {
            body["error"]!["message"]!.GetValue<string>().ShouldContain("4096");
        }

        h.Upstream.CallCount.ShouldBe(0);
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimit_IsAlso413()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Limits:MaxRequestBodyBytes"] = "4096");
        using HttpClient http = h.Gateway.CreateClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"model\":\"fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('b', 9000) + "\"}]}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using HttpResponseMessage response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        h.Upstream.CallCount.ShouldBe(0);
    }

    [Fact]
    public async Task HostileJson_DeepNestingAndDuplicateKeys_Are400()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        string deep = new string('[', 5000) + new string(']', 5000);

        using HttpResponseMessage nested = await http.PostAsync("/v1/chat/completions", new StringContent("{\"model\":\"fake-model\",\"x\":" + deep + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", Encoding.UTF8, "application/json"));
        using HttpResponseMessage duplicate = await http.PostAsync("/v1/chat/completions", new StringContent("{\"model\":\"fake-model\",\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", Encoding.UTF8, "application/json"));
        var garbage = new ByteArrayContent([0xff, 0xfe, 0x00, 0x01, 0x02]);
        garbage.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using HttpResponseMessage binary = await http.PostAsync("/v1/messages", garbage);

        nested.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        binary.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        h.Upstream.CallCount.ShouldBe(0);
    }
}
