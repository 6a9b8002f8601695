using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Guards;

/// <summary>Secrets planted in prompts through the gateway; what the fake upstream received is inspected.</summary>
public sealed class SecretGuardTests
{
    // Built at run time from pieces, so no key-shaped literal sits in the repository.
    internal static readonly string GitHubToken = "gh" + "p_" + Fill("Q7b9XkT2", 36);
    private static readonly string AwsKeyId = "AK" + "IA" + Fill("Q3ZR7TNW", 16).ToUpperInvariant();
    private static readonly string StripeKey = "sk" + "_live_" + Fill("4eC39HqLyjWD", 24);
    private static readonly string PrivateKey = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA" + Fill("xK9mQ2pL7vR4tW8zB3nC6dF1gH5jS0aE", 64) + "\n-----END RSA PRIVATE KEY-----";

    private static string Prompt => $"Deploy with token {GitHubToken}, aws {AwsKeyId}, stripe {StripeKey} and\n{PrivateKey}\nthanks";

    [Fact]
    public async Task DefaultRedact_SecretsNeverLeaveAndUpstreamGetsTypedPlaceholders()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", Json(new JsonObject
        {
            ["model"] = "fake-model",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = Prompt }),
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        string sent = h.Upstream.LastRequest.Body;
        foreach (string secret in new[] { GitHubToken, AwsKeyId, StripeKey, "MIIEowIBAAKCAQEA" })
        {
            sent.ShouldNotContain(secret);
        }

        sent.ShouldContain("[REDACTED:github_token]");
        sent.ShouldContain("[REDACTED:aws_access_key_id]");
        sent.ShouldContain("[REDACTED:stripe_key]");
        sent.ShouldContain("[REDACTED:private_key]");
        response.Headers.GetValues("x-purser-guard").Single().ShouldStartWith("redacted;");
    }

    [Fact]
    public async Task Redact_AlsoAppliesWhenTranslatingToAnotherProtocol()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new AnthropicUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", Json(new JsonObject
        {
            ["model"] = "fake-model",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "system", ["content"] = "key " + StripeKey }, new JsonObject { ["role"] = "user", ["content"] = Prompt }),
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        h.Upstream.LastRequest.Body.ShouldNotContain(StripeKey);
        h.Upstream.LastRequest.Body.ShouldNotContain(GitHubToken);
        h.Upstream.LastRequest.Body.ShouldContain("[REDACTED:stripe_key]");
    }

    [Fact]
    public async Task Block_Is400InEachProtocolSayingKindAndPlaceButNotTheSecret()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Guard:Secrets:Mode"] = "block");
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage openai = await http.PostAsync("/v1/chat/completions", Json(new JsonObject
        {
            ["model"] = "fake-model",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = Prompt }),
        }));
        using HttpResponseMessage anthropic = await http.PostAsync("/v1/messages", Json(new JsonObject
        {
            ["model"] = "fake-model",
            ["max_tokens"] = 10,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "token " + GitHubToken }),
        }));

        string openaiBody = await openai.Content.ReadAsStringAsync();
        string anthropicBody = await anthropic.Content.ReadAsStringAsync();
        openai.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(openaiBody)!["error"]!["purser_error_kind"]!.GetValue<string>().ShouldBe("guard_blocked");
        openaiBody.ShouldContain("github_token");
        openaiBody.ShouldContain("messages[0].content");
        anthropic.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(anthropicBody)!["type"]!.GetValue<string>().ShouldBe("error");
        foreach (string secret in new[] { GitHubToken, AwsKeyId, StripeKey, "MIIEowIBAAKCAQEA" })
        {
            openaiBody.ShouldNotContain(secret);
            anthropicBody.ShouldNotContain(secret);
        }

        h.Upstream.CallCount.ShouldBe(0);
        LedgerDb.Rows(h.Gateway.Home).Select(r => r["outcome"]).ShouldBe(["guard_blocked", "guard_blocked"]);
    }

    [Fact]
    public async Task ProjectOverride_WarnForAKeyBoundToTheProject_LetsThePromptThroughUnchanged()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
        {
            c["Purser:Guard:Secrets:Mode"] = "block";
            c["Purser:Guard:Secrets:Projects:sandbox:Mode"] = "warn";
        });
        using HttpClient admin = h.Gateway.CreateAdminClient();
        using HttpResponseMessage created = await admin.PostAsync("/api/keys", new StringContent("""{"name":"sandbox","project":"sandbox"}""", Encoding.UTF8, "application/json"));
        string key = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
        using HttpClient http = h.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = Json(new JsonObject { ["model"] = "fake-model", ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "token " + GitHubToken }) }),
        };
        request.Headers.Add("Authorization", "Bearer " + key);

        using HttpResponseMessage response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        h.Upstream.LastRequest.Body.ShouldContain(GitHubToken);
        response.Headers.GetValues("x-purser-guard").Single().ShouldStartWith("warned;");
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>A deterministic string of <paramref name="length"/> characters drawn from <paramref name="alphabet"/>.</summary>
    private static string Fill(string alphabet, int length)
    {
        var sb = new StringBuilder(length);
        uint state = 2166136261;
        for (int i = 0; i < length; i++)
        {
            state = (state ^ (uint)i) * 16777619;
            sb.Append(alphabet[(int)(state % (uint)alphabet.Length)]);
        }

        return sb.ToString();
    }
}
