using System.ClientModel;
using System.Net;
using Anthropic;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Purser.FunctionalTests.Infrastructure;
using static Purser.FunctionalTests.Caching.CacheCalls;

namespace Purser.FunctionalTests.Caching;

/// <summary>Identical, reordered and subtly different requests: which reach the upstream, and what a hit records.</summary>
public sealed class CacheHitTests
{
    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task RepeatedRequest_OpenAISdk_IsAHitAtZeroCostWithItsSavingsInTheLedger(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire), Prices);
        h.Scenario.Answer = new FakeAnswer("The first and only upstream answer.");
        ChatClient client = Clients.OpenAIChat(h.Url);
        var options = new ChatCompletionOptions { Temperature = 0 };

        ClientResult<ChatCompletion> first = await client.CompleteChatAsync([new UserChatMessage("What is a purser?")], options);
        h.Scenario.Answer = new FakeAnswer("A second upstream answer nobody should see.");
        ClientResult<ChatCompletion> second = await client.CompleteChatAsync([new UserChatMessage("What is a purser?")], options);

        h.Upstream.CallCount.ShouldBe(1);
        second.Value.Content[0].Text.ShouldBe("The first and only upstream answer.");
        second.Value.Usage.OutputTokenCount.ShouldBe(40); // the replayed answer keeps its usage
        Headers(first)["x-purser-cache"].ShouldBe("miss");
        Headers(second)["x-purser-cache"].ShouldBe("hit");
        Headers(second)["x-purser-cost-usd"].ShouldBe("0");
        Headers(second)["x-purser-cache-saved-usd"].ShouldBe("0.00115");
        Headers(second)["x-purser-provider"].ShouldBe("up");

        var rows = LedgerDb.Rows(h.Gateway.Home);
        rows.Count.ShouldBe(2);
        rows[0]["cache_status"].ShouldBe("miss");
        rows[0]["cache_hit"].ShouldBe(0L);
        LedgerDb.Cost(rows[0]).ShouldBe(AnswerCost);
        rows[1]["cache_status"].ShouldBe("hit");
        rows[1]["cache_hit"].ShouldBe(1L);
        LedgerDb.Cost(rows[1]).ShouldBe(0m);
        ((long)rows[1]["saved_pico"]! / 1_000_000_000_000m).ShouldBe(AnswerCost); // the price of the answer it replayed
        rows[1]["cache_saved_tokens"].ShouldBe(AnswerTokens);
        rows[1]["input_tokens"].ShouldBe(0L); // nothing billed, so token totals and budgets are not inflated
        rows[1]["output_tokens"].ShouldBe(0L);
        rows[1]["attempts"].ShouldBe(0L);
        rows[1]["deployment"].ShouldBe("up/fake-model");
        LedgerDb.Rows(h.Gateway.Home, "SELECT * FROM ledger_attempts").Count.ShouldBe(1);
    }

    [Fact]
    public async Task ReorderedKeysAndWhitespace_HitTheSameEntry()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        const string Compact = """{"model":"fake-model","temperature":0,"max_tokens":300,"messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"List two colours."}],"tools":[{"type":"function","function":{"name":"paint","description":"Paints","parameters":{"type":"object","properties":{"colour":{"type":"string"},"coats":{"type":"integer"}},"required":["colour"]}}}],"response_format":{"type":"json_schema","json_schema":{"name":"colours","schema":{"type":"object","properties":{"items":{"type":"array"}}}}}}""";
        const string Reordered = """
            {
              "response_format": { "json_schema": { "schema": { "properties": { "items": { "type": "array" } }, "type": "object" }, "name": "colours" }, "type": "json_schema" },
              "tools": [ { "function": { "parameters": { "required": ["colour"], "properties": { "coats": { "type": "integer" }, "colour": { "type": "string" } }, "type": "object" },
                                         "description": "Paints", "name": "paint" }, "type": "function" } ],
              "messages": [ { "content": "Be terse.", "role": "system" },   { "content": "List two colours.", "role": "user" } ],
              "max_tokens" : 300,
              "temperature" : 0.0,
              "model" : "fake-model"
            }
            """;

        var (first, _) = await ChatAsync(http, Compact);
        var (second, body) = await ChatAsync(http, Reordered);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        Header(second, "x-purser-cache").ShouldBe("hit");
        h.Upstream.CallCount.ShouldBe(1);
    }

    public static TheoryData<string, string> Variants => new()
    {
        { "user text", OpenAIBody("Name a colour!") },
        { "system prompt", """{"model":"fake-model","messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"Name a colour."}]}""" },
        { "earlier turn", """{"model":"fake-model","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":"Name a colour."}]}""" },
        { "max_tokens", OpenAIBody("Name a colour.", extra: ""","max_tokens":50""") },
        { "temperature 0", OpenAIBody("Name a colour.", extra: ""","temperature":0""") },
        { "top_p", OpenAIBody("Name a colour.", extra: ""","top_p":0.5""") },
        { "seed", OpenAIBody("Name a colour.", extra: ""","seed":42""") },
        { "stop", OpenAIBody("Name a colour.", extra: ""","stop":["."]""") },
        { "presence_penalty", OpenAIBody("Name a colour.", extra: ""","presence_penalty":0.5""") },
        { "frequency_penalty", OpenAIBody("Name a colour.", extra: ""","frequency_penalty":0.5""") },
        { "json mode", OpenAIBody("Name a colour.", extra: ""","response_format":{"type":"json_object"}""") },
        { "reasoning_effort", OpenAIBody("Name a colour.", extra: ""","reasoning_effort":"low" """) },
        { "tools", OpenAIBody("Name a colour.", extra: ""","tools":[{"type":"function","function":{"name":"pick","parameters":{"type":"object"}}}]""") },
        { "tool_choice", OpenAIBody("Name a colour.", extra: ""","tools":[{"type":"function","function":{"name":"pick","parameters":{"type":"object"}}}],"tool_choice":"required" """) },
        { "another model spelling of another model", """{"model":"up/other-model","messages":[{"role":"user","content":"Name a colour."}]}""" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task SubtlyDifferentRequest_IsAMissButRepeatsOfItHit(string parameter, string variant)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        (await ChatAsync(http, OpenAIBody("Name a colour."))).Response.StatusCode.ShouldBe(HttpStatusCode.OK);

        var (miss, missBody) = await ChatAsync(http, variant);
        var (hit, _) = await ChatAsync(http, variant);

        miss.StatusCode.ShouldBe(HttpStatusCode.OK, missBody);
        Header(miss, "x-purser-cache").ShouldBe("miss", parameter);
        Header(hit, "x-purser-cache").ShouldBe("hit", parameter);
        h.Upstream.CallCount.ShouldBe(2, parameter);
    }

    public static TheoryData<string> SameAnswer => ["stream", "user", "metadata", "model", "headers"];

    [Theory]
    [MemberData(nameof(SameAnswer))]
    public async Task FieldsThatDoNotChangeTheAnswer_StillHit(string change)
    {
        string what = change;
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        (await ChatAsync(http, OpenAIBody("Name a colour."))).Response.StatusCode.ShouldBe(HttpStatusCode.OK);

        var (again, body) = change switch
        {
            "stream" => await ChatAsync(http, OpenAIBody("Name a colour.", stream: true, extra: ""","stream_options":{"include_usage":true}""")),
            "user" => await ChatAsync(http, OpenAIBody("Name a colour.", extra: ""","user":"someone-else" """)),
            "metadata" => await ChatAsync(http, OpenAIBody("Name a colour.", extra: ""","metadata":{"ticket":"T-1"}""")),
            "model" => await ChatAsync(http, """{"model":"up/fake-model","stream":false,"messages":[{"role":"user","content":"Name a colour."}]}"""),
            _ => await ChatAsync(http, OpenAIBody("Name a colour."), ("x-purser-project", "billing"), ("x-purser-agent", "bot"), ("x-purser-tags", "ci")),
        };

        again.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        Header(again, "x-purser-cache").ShouldBe("hit", what);
        h.Upstream.CallCount.ShouldBe(1, what);
    }

    [Fact]
    public async Task SameQuestionOverBothApis_SharesOneEntry()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new AnthropicUpstreamWire());
        h.Scenario.Answer = new FakeAnswer("Bonjour.");
        ChatClient openai = Clients.OpenAIChat(h.Url);
        AnthropicClient anthropic = AnthropicClients.Create(h.Url);

        await openai.CompleteChatAsync([new SystemChatMessage("Answer in French."), new UserChatMessage("Say hello")], new ChatCompletionOptions { MaxOutputTokenCount = 256 });
        Message message = await anthropic.Messages.Create(new MessageCreateParams
        {
            Model = GatewayHarness.Model,
            MaxTokens = 256,
            System = "Answer in French.",
            Messages = [new UserMessageParam("Say hello")],
        });

        message.Content[0].TryPickText(out TextBlock? text).ShouldBeTrue();
        text!.Text.ShouldBe("Bonjour.");
        h.Upstream.CallCount.ShouldBe(1);
        LedgerDb.Rows(h.Gateway.Home)[1]["cache_hit"].ShouldBe(1L);
    }

    [Fact]
    public async Task PartitionPerProject_KeepsProjectsApart()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Cache:Partition"] = "project");
        using HttpClient http = h.Gateway.CreateClient();

        await ChatAsync(http, OpenAIBody("Name a colour."), ("x-purser-project", "alpha"));
        var (otherProject, _) = await ChatAsync(http, OpenAIBody("Name a colour."), ("x-purser-project", "beta"));
        var (sameProject, _) = await ChatAsync(http, OpenAIBody("Name a colour."), ("x-purser-project", "alpha"));

        Header(otherProject, "x-purser-cache").ShouldBe("miss");
        Header(sameProject, "x-purser-cache").ShouldBe("hit");
        h.Upstream.CallCount.ShouldBe(2);
    }

    private static Dictionary<string, string> Headers<T>(ClientResult<T> result)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in result.GetRawResponse().Headers)
        {
            headers[name] = value;
        }

        return headers;
    }
}
