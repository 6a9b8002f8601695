using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;
using static Purser.FunctionalTests.Guards.SecretGuardTests;

namespace Purser.FunctionalTests.Guards;

/// <summary>
/// What a caller says about itself cannot loosen the guard, and what it says is not stored with secrets in it. The audit:
/// with a global block and project docs-site off, a key with no project sent x-purser-project: docs-site and a GitHub
/// token reached the upstream; "user": "ghp_…" was redacted upstream but stored whole in ledger.user_name and returned
/// by /api/costs?by=user.
/// </summary>
public sealed class GuardAttributionTests
{
    private static Task<GatewayHarness> StartAsync(string globalMode = "block") => GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
    {
        c["Purser:Cache:Enabled"] = "false";
        c["Purser:Guard:Secrets:Mode"] = globalMode;
        c["Purser:Guard:Secrets:Projects:docs-site:Mode"] = "off";
        c["Purser:Guard:Secrets:Projects:strict:Mode"] = "block";
    });

    private static StringContent Chat(string content, string? user = null)
    {
        var body = new JsonObject
        {
            ["model"] = "fake-model",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = content }),
        };
        if (user is not null)
        {
            body["user"] = user;
        }

        return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
    }

    /// <summary>A chat carrying a GitHub token, with a Purser key and a claimed project when given.</summary>
    private static HttpRequestMessage TokenPush(string? key = null, string? project = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Chat("push with " + GitHubToken) };
        if (key is not null)
        {
            request.Headers.Add("Authorization", "Bearer " + key);
        }

        if (project is not null)
        {
            request.Headers.Add("x-purser-project", project);
        }

        return request;
    }

    private static async Task<string> CreateKeyAsync(GatewayHarness h, string body)
    {
        using HttpClient admin = h.Gateway.CreateAdminClient();
        using HttpResponseMessage created = await admin.PostAsync("/api/keys", new StringContent(body, Encoding.UTF8, "application/json"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
    }

    [Fact]
    public async Task KeyWithoutProject_HeaderNamesARelaxedProject_GlobalBlockStillHolds()
    {
        await using GatewayHarness h = await StartAsync();
        string key = await CreateKeyAsync(h, """{"name":"no-project"}""");
        using HttpClient http = h.Gateway.CreateClient();
        using HttpRequestMessage request = TokenPush(key, "docs-site");

        using HttpResponseMessage response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>().ShouldBe("secret_detected");
        h.Upstream.CallCount.ShouldBe(0);
    }

    [Fact]
    public async Task OpenMode_HeaderNamesARelaxedProject_GlobalBlockStillHolds()
    {
        await using GatewayHarness h = await StartAsync();
        using HttpClient http = h.Gateway.CreateClient();
        using HttpRequestMessage request = TokenPush(project: "DOCS-SITE");

        using HttpResponseMessage response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        h.Upstream.CallCount.ShouldBe(0);
    }

    [Fact]
    public async Task KeyBoundToTheRelaxedProject_GetsItsPolicy_TheOperatorChoseIt()
    {
        await using GatewayHarness h = await StartAsync();
        string key = await CreateKeyAsync(h, """{"name":"docs","project":"docs-site"}""");
        using HttpClient http = h.Gateway.CreateClient();
        using HttpRequestMessage request = TokenPush(key);

        using HttpResponseMessage response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        h.Upstream.LastRequest.Body.ShouldContain(GitHubToken);
    }

    [Fact]
    public async Task HeaderProject_MayTightenTheGuard()
    {
        await using GatewayHarness h = await StartAsync(globalMode: "warn");
        using HttpClient http = h.Gateway.CreateClient();
        using HttpRequestMessage request = TokenPush(project: "strict");

        using HttpResponseMessage response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        h.Upstream.CallCount.ShouldBe(0);
    }

    [Theory]
    [InlineData("redact")]
    [InlineData("warn")]
    public async Task SecretsInAttribution_AreNeverStoredOrReported(string mode)
    {
        await using GatewayHarness h = await StartAsync(globalMode: mode);
        using HttpClient http = h.Gateway.CreateAdminClient();

        using HttpResponseMessage openai = await http.PostAsync("/v1/chat/completions", Chat("hello", user: GitHubToken));
        using var anthropicRequest = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent(new JsonObject
            {
                ["model"] = "fake-model",
                ["max_tokens"] = 20,
                ["metadata"] = new JsonObject { ["user_id"] = "user " + GitHubToken },
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hello" }),
            }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using HttpResponseMessage anthropic = await http.SendAsync(anthropicRequest);
        using var headerRequest = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Chat("hello") };
        headerRequest.Headers.Add("x-purser-project", "proj-" + GitHubToken);
        headerRequest.Headers.Add("x-purser-agent", GitHubToken);
        headerRequest.Headers.Add("x-purser-repository", "https://x:" + GitHubToken + "@github.com/acme/app");
        headerRequest.Headers.Add("x-purser-tags", "ci," + GitHubToken);
        using HttpResponseMessage headers = await http.SendAsync(headerRequest);
        await ((Ledger.LedgerWriter)h.Gateway.Services.GetService(typeof(Ledger.LedgerWriter))!).FlushAsync();

        (openai.StatusCode, anthropic.StatusCode, headers.StatusCode).ShouldBe((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK));
        List<Dictionary<string, object?>> rows = LedgerDb.Rows(h.Gateway.Home);
        rows.Count.ShouldBe(3);
        string stored = string.Join("\n", rows.SelectMany(r => r.Values).Select(v => v?.ToString()))
            + string.Join("\n", LedgerDb.Rows(h.Gateway.Home, "SELECT tag FROM ledger_tags").Select(r => r["tag"]));
        stored.ShouldNotContain(GitHubToken);
        stored.ShouldContain("[REDACTED:github_token]");
        rows[0]["user_name"].ShouldBe("[REDACTED:github_token]");
        rows[1]["user_name"].ShouldBe("user [REDACTED:github_token]");
        foreach (string by in new[] { "user", "project", "agent", "repository", "tag" })
        {
            (await http.GetStringAsync("/api/costs?by=" + by)).ShouldNotContain(GitHubToken);
        }
    }
}
