using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Routing;

/// <summary>Aliases, auto routing and the configuration cascade through the real gateway.</summary>
public sealed class RoutingTests
{
    private const string Target = GatewayHarness.Provider + "/" + GatewayHarness.Model;

    private static void Tiers(Dictionary<string, string?> c)
    {
        foreach (string tier in (string[])["cheap", "smart", "fast"])
        {
            c[$"Purser:Models:{tier}:Targets:0"] = Target;
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        HttpResponseMessage response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    [Fact]
    public async Task Models_ListsTheBuiltInAliases()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();

        JsonArray data = JsonNode.Parse(await http.GetStringAsync("/v1/models"))!["data"]!.AsArray();

        string[] ids = [.. data.Select(m => m!["id"]!.GetValue<string>())];
        ids.ShouldContain("cheap");
        ids.ShouldContain("smart");
        ids.ShouldContain("fast");
        ids.ShouldContain("auto");
        data.Single(m => m!["id"]!.GetValue<string>() == "auto")!["purser_kind"]!.GetValue<string>().ShouldBe("auto");
        data.Single(m => m!["id"]!.GetValue<string>() == "smart")!["purser_targets"]!.AsArray().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Auto_TheDecidingRuleIsInTheHeaderAndTheLedger()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Tiers);
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage keyword = await PostAsync(http, "/v1/chat/completions", """{"model":"auto","messages":[{"role":"user","content":"Please refactor this class"}]}""");
        using HttpResponseMessage operation = await PostAsync(http, "/v1/chat/completions", """{"model":"auto","messages":[{"role":"user","content":"fix it"}]}""", ("x-purser-operation", "code_review"));

        keyword.StatusCode.ShouldBe(HttpStatusCode.OK);
        keyword.Headers.GetValues("x-purser-route").Single().ShouldBe("auto:keyword:smart");
        operation.Headers.GetValues("x-purser-route").Single().ShouldBe("auto:operation:smart");
        var rows = LedgerDb.Rows(h.Gateway.Home);
        rows[0]["route"].ShouldBe("auto:keyword:smart");
        rows[0]["route_reason"]!.ToString()!.ShouldContain("keyword 'refactor' → smart");
        rows[1]["route_reason"]!.ToString()!.ShouldContain("operation 'code_review' → smart");
        h.Upstream.LastRequest.Json["model"]!.GetValue<string>().ShouldBe(GatewayHarness.Model);
    }

    [Fact]
    public async Task Cascade_ProjectSettingsReachAnOpenAIPassthroughBody()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
        {
            Tiers(c);
            c["Purser:Routing:Projects:acme:Model"] = "smart";
            c["Purser:Routing:Projects:acme:PromptAddition"] = "Answer in British English.";
            c["Purser:Routing:Projects:acme:Temperature"] = "0.2";
            c["Purser:Routing:Projects:acme:MaxTokens"] = "300";
        });
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await PostAsync(http, "/v1/chat/completions",
            """{"model":"default","max_tokens":5000,"logprobs":false,"messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"hi"}]}""",
            ("x-purser-project", "acme"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("x-purser-route").Single().ShouldBe("default>alias:smart");
        JsonObject sent = h.Upstream.LastRequest.Json;
        sent["messages"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()).ShouldBe(["Be terse.", "Answer in British English.", "hi"]);
        sent["temperature"]!.GetValue<double>().ShouldBe(0.2);
        sent["max_tokens"]!.GetValue<int>().ShouldBe(300);
        sent["logprobs"]!.GetValue<bool>().ShouldBeFalse(); // the client's own field still passes through
        LedgerDb.Rows(h.Gateway.Home).Single()["route_reason"]!.ToString()!.ShouldContain("cascade: prompt addition (project acme (configuration))");
    }

    [Fact]
    public async Task Cascade_AgentPromptAdditionReachesAnAnthropicPassthroughAndATranslatedBody()
    {
        await using GatewayHarness anthropic = await GatewayHarness.StartAsync(new AnthropicUpstreamWire(), c => c["Purser:Routing:Agents:reviewer:PromptAddition"] = "Cite line numbers.");
        await using GatewayHarness gemini = await GatewayHarness.StartAsync(new GeminiUpstreamWire(), c => c["Purser:Routing:Agents:reviewer:PromptAddition"] = "Cite line numbers.");
        const string body = """{"model":"fake-model","max_tokens":50,"system":"Review code.","messages":[{"role":"user","content":"hi"}]}""";

        using (HttpClient http = anthropic.Gateway.CreateClient())
        {
            (await PostAsync(http, "/v1/messages", body, ("x-purser-agent", "reviewer"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (HttpClient http = gemini.Gateway.CreateClient())
        {
            (await PostAsync(http, "/v1/messages", body, ("x-purser-agent", "reviewer"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        anthropic.Upstream.LastRequest.Json["system"]!.GetValue<string>().ShouldBe("Review code.\n\nCite line numbers.");
        string geminiSystem = gemini.Upstream.LastRequest.Json["systemInstruction"]!.ToJsonString();
        geminiSystem.ShouldContain("Review code.");
        geminiSystem.ShouldContain("Cite line numbers.");
    }

    [Fact]
    public async Task UnconfiguredBuiltInAlias_Is400NamingWhatToSet()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await PostAsync(http, "/v1/chat/completions", """{"model":"smart","messages":[{"role":"user","content":"hi"}]}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("ANTHROPIC_API_KEY");
    }
}
