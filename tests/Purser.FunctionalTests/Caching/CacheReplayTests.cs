using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Purser.FunctionalTests.Infrastructure;
using static Purser.FunctionalTests.Caching.CacheCalls;

namespace Purser.FunctionalTests.Caching;

/// <summary>Cached answers come back as streams in the client's protocol, and streamed answers serve plain requests.</summary>
public sealed class CacheReplayTests
{
    private const string Answer = "Streamed once, replayed from the cache.";

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task StreamedAnswer_IsReplayedAsAStreamInBothProtocolsAndAsAPlainAnswer(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire), Prices);
        h.Scenario.Answer = new FakeAnswer(Answer);
        ChatClient openai = Clients.OpenAIChat(h.Url);
        AnthropicClient anthropic = AnthropicClients.Create(h.Url);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 256 };

        (string firstText, _) = await OpenAIStreamAsync(openai, options);
        h.Scenario.Answer = new FakeAnswer("An upstream answer nobody should see.");
        (string replayed, ChatTokenUsage? usage) = await OpenAIStreamAsync(openai, options);
        string anthropicReplay = await AnthropicStreamAsync(anthropic);
        ChatCompletion plain = await openai.CompleteChatAsync([new UserChatMessage("Tell me about caches.")], options);
        Message anthropicPlain = await anthropic.Messages.Create(Params());

        firstText.ShouldBe(Answer);
        replayed.ShouldBe(Answer);
        usage.ShouldNotBeNull();
        usage.OutputTokenCount.ShouldBe(40);
        anthropicReplay.ShouldBe(Answer);
        plain.Content[0].Text.ShouldBe(Answer);
        anthropicPlain.Content[0].TryPickText(out TextBlock? text).ShouldBeTrue();
        text!.Text.ShouldBe(Answer);
        h.Upstream.CallCount.ShouldBe(1);
        var rows = LedgerDb.Rows(h.Gateway.Home);
        rows.Select(r => r["cache_status"]).ShouldBe(["miss", "hit", "hit", "hit", "hit"]);
        rows.Skip(1).ShouldAllBe(r => (long)r["saved_pico"]! == 1_150_000_000L && (long)r["cost_pico"]! == 0);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task StreamHit_RawSse_CarriesHitHeaderZeroCostAndTheProtocolsEnd(string inbound)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        h.Scenario.Answer = new FakeAnswer(Answer);
        using HttpClient http = h.Gateway.CreateClient();
        string body = inbound == "openai"
            ? OpenAIBody("Replay me.", stream: true, extra: ""","max_tokens":100,"stream_options":{"include_usage":true}""")
            : AnthropicBody("Replay me.", stream: true);
        string path = inbound == "openai" ? "/v1/chat/completions" : "/v1/messages";

        await PostAsync(http, path, body);
        var (hit, sse) = await PostAsync(http, path, body);

        hit.StatusCode.ShouldBe(HttpStatusCode.OK);
        hit.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        Header(hit, "x-purser-cache").ShouldBe("hit");
        Header(hit, "x-purser-cost-usd").ShouldBe("0");
        Text(sse).ShouldBe(Answer);
        Sse.Comments(sse).ShouldContain(c => c.StartsWith("x-purser-cost-usd=0 ", StringComparison.Ordinal));
        List<Sse.Event> events = Sse.Parse(sse);
        if (inbound == "openai")
        {
            events[^1].Data.ShouldBe("[DONE]");
            JsonObject usageChunk = Sse.JsonData(events).Last();
            usageChunk["usage"]!["completion_tokens"]!.GetValue<long>().ShouldBe(40);
        }
        else
        {
            events[^1].Name.ShouldBe("message_stop");
            events.ShouldContain(e => e.Name == "message_delta" && e.Data.Contains("\"output_tokens\":40", StringComparison.Ordinal));
        }

        h.Upstream.CallCount.ShouldBe(1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolCallAnswer_IsReplayedWithItsCalls(bool stream)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new AnthropicUpstreamWire());
        h.Scenario.Answer = new FakeAnswer("") { ToolCalls = [new FakeToolCall("toolu_01", "get_weather", """{"city":"Lima"}""")] };
        ChatClient client = Clients.OpenAIChat(h.Url);
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")) } };

        await client.CompleteChatAsync([new UserChatMessage("Weather in Lima?")], options);
        string name = "", arguments = "";
        if (stream)
        {
            var args = new StringBuilder();
            await foreach (StreamingChatCompletionUpdate update in client.CompleteChatStreamingAsync([new UserChatMessage("Weather in Lima?")], options))
            {
                foreach (StreamingChatToolCallUpdate call in update.ToolCallUpdates)
                {
                    name = call.FunctionName ?? name;
                    args.Append(call.FunctionArgumentsUpdate?.ToString());
                }
            }

            arguments = args.ToString();
        }
        else
        {
            ChatCompletion again = await client.CompleteChatAsync([new UserChatMessage("Weather in Lima?")], options);
            again.FinishReason.ShouldBe(ChatFinishReason.ToolCalls);
            name = again.ToolCalls[0].FunctionName;
            arguments = again.ToolCalls[0].FunctionArguments.ToString();
        }

        name.ShouldBe("get_weather");
        JsonNode.Parse(arguments)!["city"]!.GetValue<string>().ShouldBe("Lima");
        h.Upstream.CallCount.ShouldBe(1);
    }

    private static MessageCreateParams Params() => new()
    {
        Model = GatewayHarness.Model,
        MaxTokens = 256,
        Messages = [new UserMessageParam("Tell me about caches.")],
    };

    private static async Task<(string Text, ChatTokenUsage? Usage)> OpenAIStreamAsync(ChatClient client, ChatCompletionOptions options)
    {
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (StreamingChatCompletionUpdate update in client.CompleteChatStreamingAsync([new UserChatMessage("Tell me about caches.")], options))
        {
            foreach (ChatMessageContentPart part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
        }

        return (text.ToString(), usage);
    }

    private static async Task<string> AnthropicStreamAsync(AnthropicClient client)
    {
        var text = new StringBuilder();
        bool stopped = false;
        await foreach (RawMessageStreamEvent e in client.Messages.CreateStreaming(Params()))
        {
            if (e.TryPickContentBlockDelta(out RawContentBlockDeltaEvent? delta) && delta!.Delta.TryPickText(out TextDelta? t))
            {
                text.Append(t!.Text);
            }
            else if (e.TryPickStop(out _))
            {
                stopped = true;
            }
        }

        stopped.ShouldBeTrue();
        return text.ToString();
    }
}
