using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Purser.FunctionalTests.Infrastructure;
using static Purser.FunctionalTests.Security.OpenModeBrowserTests;

namespace Purser.FunctionalTests.Security;

/// <summary>
/// The audit sent 125,190 wrong master keys in 5 s, all answered 401 and none logged. Failed authentications are now
/// counted per client address: past the limit the address gets 429 with Retry-After (even for the right key, or guessing
/// would go on), and each failure is logged without the key.
/// </summary>
public sealed class AuthFailureTests
{
    private const string ChatBody = """{"model":"fake-model","messages":[{"role":"user","content":"guess"}]}""";

    [Fact]
    public async Task WrongMasterKeys_PastTheLimit_Get429WithRetryAfter_AndAreLogged()
    {
        var capture = new LogCapture();
        await using GatewayHarness h = await GatewayHarness.StartAsync(
            new OpenAIUpstreamWire(),
            c =>
            {
                c["Purser:Security:AuthFailures:Limit"] = "5";
                c["Purser:Security:AuthFailures:WindowSeconds"] = "600";
            },
            s => s.AddSingleton<ILoggerProvider>(capture));
        using HttpClient http = h.Gateway.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 8; i++)
        {
            using HttpResponseMessage guess = await SendAsync(http, HttpMethod.Get, "/api/costs", null, null, ("Authorization", $"Bearer guess-{i}-secretvalue"));
            statuses.Add(guess.StatusCode);
        }

        using HttpResponseMessage right = await SendAsync(http, HttpMethod.Get, "/api/costs", null, null, ("Authorization", "Bearer " + h.Gateway.MasterKey));
        JsonNode error = JsonNode.Parse(await right.Content.ReadAsStringAsync())!["error"]!;

        statuses.ShouldBe([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)]);
        right.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(right.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 600);
        error["code"]!.GetValue<string>().ShouldBe("too_many_auth_failures");
        capture.WithEvent(3101).Count().ShouldBe(5);
        capture.WithEvent(3101).First().Message.ShouldContain("127.0.0.1");
        capture.WithEvent(3102).ShouldHaveSingleItem();
        capture.Entries.ShouldAllBe(e => !e.Message.Contains("secretvalue"));
    }

    [Fact]
    public async Task UnknownVirtualKeysOnV1_CountToo_WhileCallsWithoutAKeyInOpenModePass()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Security:AuthFailures:Limit"] = "3");
        using HttpClient http = h.Gateway.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            using HttpResponseMessage guess = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", ChatBody, "application/json", ("Authorization", $"Bearer pk-purser-abcdefgh{i}_0000000000000000000000000000000000000000"));
            statuses.Add(guess.StatusCode);
        }

        using HttpResponseMessage anonymous = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", ChatBody, "application/json");

        statuses.ShouldBe([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests]);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RequireKeys_WrongKeysOnV1_CountAsGuessesOfTheMasterKey()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
        {
            c["Purser:Auth:RequireKeys"] = "true";
            c["Purser:Security:AuthFailures:Limit"] = "2";
        });
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage first = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", ChatBody, "application/json", ("x-api-key", "guess-one"));
        using HttpResponseMessage second = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", ChatBody, "application/json", ("x-api-key", "guess-two"));
        using HttpResponseMessage third = await SendAsync(http, HttpMethod.Post, "/v1/messages", """{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":"x"}]}""", "application/json", ("x-api-key", h.Gateway.MasterKey!));
        JsonNode body = JsonNode.Parse(await third.Content.ReadAsStringAsync())!;

        (first.StatusCode, second.StatusCode, third.StatusCode).ShouldBe((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests));
        body["error"]!["type"]!.GetValue<string>().ShouldBe("rate_limit_error");
        third.Headers.Contains("Retry-After").ShouldBeTrue();
    }
}
