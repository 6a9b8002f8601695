using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Models.Messages;
using OpenAI;
using OpenAI.Chat;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Budgets;

/// <summary>Virtual keys and the master key through the real gateway, with the official SDKs as clients.</summary>
public sealed class VirtualKeyTests
{
    private const string Master = "master-key-for-tests";

    private static Task<GatewayHarness> StartAsync(UpstreamWire wire, bool requireKeys) => GatewayHarness.StartAsync(wire, config =>
    {
        config["Purser:Auth:MasterKey"] = Master;
        config["Purser:Cache:Enabled"] = "false";
        config["Purser:Auth:RequireKeys"] = requireKeys ? "true" : "false";
        config[$"Purser:Pricing:{GatewayHarness.Provider}/{GatewayHarness.Model}:Input"] = "1";
        config[$"Purser:Pricing:{GatewayHarness.Provider}/{GatewayHarness.Model}:Output"] = "2";
        config[$"Purser:Pricing:{GatewayHarness.Provider}/{GatewayHarness.Model}:MaxOutputTokens"] = "1000";
    });

    private static HttpClient Admin(GatewayHarness h)
    {
        HttpClient http = h.Gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Master);
        return http;
    }

    private static async Task<JsonNode> CreateKeyAsync(GatewayHarness h, string body)
    {
        using HttpClient admin = Admin(h);
        using HttpResponseMessage response = await admin.PostAsync("/api/keys", new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!;
    }

    private static StringContent Chat(string model = GatewayHarness.Model) =>
        new($$"""{"model":"{{model}}","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task RequireKeys_NoKey_401InEachProtocolsFormat()
    {
        await using GatewayHarness h = await StartAsync(new OpenAIUpstreamWire(), requireKeys: true);
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage openai = await http.PostAsync("/v1/chat/completions", Chat());
        using HttpResponseMessage anthropic = await http.PostAsync("/v1/messages", Chat());
        using HttpResponseMessage models = await http.GetAsync("/v1/models");

        openai.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        JsonNode o = JsonNode.Parse(await openai.Content.ReadAsStringAsync())!["error"]!;
        (o["type"]!.GetValue<string>(), o["code"]!.GetValue<string>()).ShouldBe(("authentication_error", "missing_api_key"));
        anthropic.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        JsonNode a = JsonNode.Parse(await anthropic.Content.ReadAsStringAsync())!;
        a["type"]!.GetValue<string>().ShouldBe("error");
        a["error"]!["type"]!.GetValue<string>().ShouldBe("authentication_error");
        models.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        h.Upstream.CallCount.ShouldBe(0);
    }

    [Fact]
    public async Task RequireKeys_VirtualKeyFromTheAdminApi_WorksWithBothSdks_AndChargesTheKeysProject()
    {
        await using GatewayHarness h = await StartAsync(new OpenAIUpstreamWire(), requireKeys: true);
        JsonNode created = await CreateKeyAsync(h, """{"name":"ci","project":"alpha","tags":["ci"]}""");
        string key = created["key"]!.GetValue<string>();
        string id = created["id"]!.GetValue<string>();
        key.ShouldStartWith("pk-purser-" + id + "-");

        var openai = new ChatClient(GatewayHarness.Model, new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(h.Url + "/v1"),
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        });
        ChatCompletion completion = (await openai.CompleteChatAsync([new UserChatMessage("hello")])).Value;
        var anthropic = new AnthropicClient { ApiKey = key, BaseUrl = h.Url, MaxRetries = 0 };
        Message message = await anthropic.Messages.Create(new MessageCreateParams { Model = GatewayHarness.Model, MaxTokens = 50, Messages = [new UserMessageParam("hello")] });

        completion.Content.ShouldNotBeEmpty();
        message.Content.ShouldNotBeEmpty();
        h.Upstream.Received.ShouldAllBe(r => !r.Body.Contains(key, StringComparison.Ordinal) && !r.Headers.Values.Any(v => v.Contains(key, StringComparison.Ordinal)));
        await ((Ledger.LedgerWriter)h.Gateway.Services.GetService(typeof(Ledger.LedgerWriter))!).FlushAsync();
        List<Dictionary<string, object?>> rows = LedgerDb.Rows(h.Gateway.Home, "SELECT key_id, project, tags FROM ledger");
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => (string)r["key_id"]! == id && (string)r["project"]! == "alpha" && (string)r["tags"]! == "ci");
    }

    [Fact]
    public async Task VirtualKey_HeadersCannotMoveACallOutOfItsProject()
    {
        await using GatewayHarness h = await StartAsync(new OpenAIUpstreamWire(), requireKeys: false);
        string key = (await CreateKeyAsync(h, """{"name":"bound","project":"alpha"}"""))["key"]!.GetValue<string>();
        using HttpClient http = h.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Chat() };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("x-purser-project", "escape");

        using HttpResponseMessage response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await ((Ledger.LedgerWriter)h.Gateway.Services.GetService(typeof(Ledger.LedgerWriter))!).FlushAsync();
        LedgerDb.Scalar(h.Gateway.Home, "SELECT project FROM ledger").ShouldBe("alpha");
    }

    [Fact]
    public async Task VirtualKey_ModelItMayNotCall_Is403()
    {
        await using GatewayHarness h = await StartAsync(new OpenAIUpstreamWire(), requireKeys: true);
        string key = (await CreateKeyAsync(h, """{"name":"narrow","models":["up/other-model"]}"""))["key"]!.GetValue<string>();
        using HttpClient http = h.Gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", Chat());

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        JsonNode error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        (error["type"]!.GetValue<string>(), error["code"]!.GetValue<string>()).ShouldBe(("permission_error", "model_not_allowed"));
        h.Upstream.CallCount.ShouldBe(0);
    }

    [Fact]
    public async Task VirtualKey_Revoked_Is401EvenInOpenMode()
    {
        await using GatewayHarness h = await StartAsync(new AnthropicUpstreamWire(), requireKeys: false);
        JsonNode created = await CreateKeyAsync(h, """{"name":"temp"}""");
        string key = created["key"]!.GetValue<string>();
        using HttpClient http = h.Gateway.CreateClient();
        http.DefaultRequestHeaders.Add("x-api-key", key);
        (await http.PostAsync("/v1/messages", Chat())).StatusCode.ShouldBe(HttpStatusCode.OK);

        using HttpClient admin = Admin(h);
        (await admin.DeleteAsync("/api/keys/" + created["id"]!.GetValue<string>())).StatusCode.ShouldBe(HttpStatusCode.OK);
        using HttpResponseMessage after = await http.PostAsync("/v1/messages", Chat());

        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        JsonNode body = JsonNode.Parse(await after.Content.ReadAsStringAsync())!;
        body["error"]!["message"]!.GetValue<string>().ShouldContain("revoked");
        JsonNode list = JsonNode.Parse(await admin.GetStringAsync("/api/keys"))!;
        list[0]!["revoked_at"].ShouldNotBeNull();
        list[0]!.AsObject().ContainsKey("key").ShouldBeFalse();
    }

    [Fact]
    public async Task OpenMode_PlaceholderKeysAreIgnored_ButAMistypedVirtualKeyIsNot()
    {
        await using GatewayHarness h = await StartAsync(new OpenAIUpstreamWire(), requireKeys: false);
        using HttpClient http = h.Gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-whatever-the-sdk-wants");
        (await http.PostAsync("/v1/chat/completions", Chat())).StatusCode.ShouldBe(HttpStatusCode.OK);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "pk-purser-0123456789ab-nope");
        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", Chat());

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>().ShouldBe("invalid_api_key");
    }

    [Fact]
    public async Task AdminApi_NeedsTheMasterKey_AVirtualKeyIsNotEnough()
    {
        await using GatewayHarness h = await StartAsync(new OpenAIUpstreamWire(), requireKeys: true);
        string key = (await CreateKeyAsync(h, """{"name":"user"}"""))["key"]!.GetValue<string>();
        using HttpClient http = h.Gateway.CreateClient();

        (await http.GetAsync("/api/keys")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        (await http.GetAsync("/api/budgets")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.PostAsync("/api/keys", new StringContent("{\"name\":\"x\"}", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Master);
        (await http.PostAsync("/api/keys", new StringContent("{not json", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.PostAsync("/api/keys", new StringContent("{\"name\":\"\"}", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.DeleteAsync("/api/keys/000000000000")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task KeyWithItsOwnBudget_IsRefusedOnceItIsSpent()
    {
        await using GatewayHarness h = await StartAsync(new OpenAIUpstreamWire(), requireKeys: true);
        // The fake upstream bills 120 input + 40 output tokens: 160 tokens a call.
        JsonNode created = await CreateKeyAsync(h, """{"name":"small","budget":"250tok/monthly"}""");
        created["budget"]!.GetValue<string>().ShouldBe("key-" + created["id"]!.GetValue<string>());
        using HttpClient http = h.Gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created["key"]!.GetValue<string>());

        (await http.PostAsync("/v1/chat/completions", new StringContent("""{"model":"fake-model","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using HttpResponseMessage second = await http.PostAsync("/v1/chat/completions", new StringContent("""{"model":"fake-model","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));

        second.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        second.Headers.GetValues("x-purser-budget").Single().ShouldBe(created["budget"]!.GetValue<string>());
    }
}
