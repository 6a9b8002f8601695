using System.Text;
using System.Text.Json;
using Purser.Providers.Anthropic;
using Purser.Providers.Sse;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Tests.Anthropic;

/// <summary>Cache writes split by lifetime, and message_start's placeholder output count.</summary>
public sealed class AnthropicUsageTests
{
    [Fact]
    public void Read_CacheCreationBreakdown_KeepsTheOneHourWritesApart()
    {
        using JsonDocument document = JsonDocument.Parse("""
            {"input_tokens":1000,"cache_creation_input_tokens":100000,"cache_read_input_tokens":0,
             "cache_creation":{"ephemeral_5m_input_tokens":40000,"ephemeral_1h_input_tokens":60000},"output_tokens":200}
            """);

        TokenUsage usage = AnthropicUsage.Read(document.RootElement);

        (usage.InputTokens, usage.CacheWriteTokens, usage.CacheWrite1hTokens).ShouldBe((101_000, 100_000, 60_000));
    }

    [Fact]
    public void Parse_MessageStart_MarksItsOutputCountAPlaceholder_MessageDeltaDoesNot()
    {
        var parser = new AnthropicStreamParser();
        const string start = """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"usage":{"input_tokens":20,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":1}}}""";
        const string delta = """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":576}}""";

        UsageEvent first = parser.Parse(Event("message_start", start)).Events.OfType<UsageEvent>().Single();
        UsageEvent last = parser.Parse(Event("message_delta", delta)).Events.OfType<UsageEvent>().Single();

        (first.OutputIsPlaceholder, first.Usage.OutputTokens).ShouldBe((true, 1));
        (last.OutputIsPlaceholder, last.Usage.OutputTokens, last.Usage.InputTokens).ShouldBe((false, 576, 20));
    }

    private static SseEvent Event(string name, string data)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(data);
        return new SseEvent(name, bytes, bytes);
    }
}
