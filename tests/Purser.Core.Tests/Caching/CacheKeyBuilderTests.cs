using System.Text.Json.Nodes;
using Purser.Caching;
using Purser.Chat;
using Purser.Routing;

namespace Purser.Core.Tests.Caching;

public sealed class CacheKeyBuilderTests
{
    private static readonly Deployment Target = new("openai", "gpt-4o-mini");

    private static ChatRequest Base()
    {
        var request = new ChatRequest { Model = "gpt-4o-mini", SourceProtocol = WireProtocol.OpenAIChat };
        request.System.Add(new TextPart("You review code."));
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "Review this diff."));
        request.Tools = [new ToolDefinition("lookup", "Looks a symbol up", JsonNode.Parse("""{"type":"object","properties":{"name":{"type":"string"},"depth":{"type":"integer"}}}"""))];
        request.MaxTokens = 500;
        request.Temperature = 0;
        return request;
    }

    private static CacheKey Key(ChatRequest request, string partition = "global", params Deployment[] targets) =>
        CacheKeyBuilder.Compute(request, partition, targets.Length == 0 ? [Target] : targets);

    [Fact]
    public void Compute_SameRequestTwice_SameKey()
    {
        Key(Base()).ShouldBe(Key(Base()));
    }

    [Fact]
    public void Compute_LongPromptsWithEscapes_IsTheSha256OfTheCanonicalForm()
    {
        // The key is hashed as it is written, long strings in segments; it must stay the hash of the canonical JSON.
        ChatRequest request = Base();
        string code = string.Concat(Enumerable.Repeat("if (a < b) {\n\treturn \"é\U0001F600\";\n}\n", 20_000));
        request.System.Add(new TextPart(code));
        request.Messages.Add(ChatMessage.FromText(ChatRole.Assistant, code + "done"));
        request.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ToolCallPart("call_1", "lookup", "not json " + code)]));

        CacheKey key = Key(request);

        byte[] canonical = System.Text.Encoding.UTF8.GetBytes(CacheKeyBuilder.CanonicalJson(request, "global", [Target]));
        key.ShouldBe(CacheKey.FromBytes(System.Security.Cryptography.SHA256.HashData(canonical)));
        Key(request).ShouldBe(key); // the thread's hashing writer starts over
    }

    [Fact]
    public void Compute_SchemaKeysInAnotherOrderWithOtherWhitespace_SameKey()
    {
        ChatRequest reordered = Base();
        reordered.Tools = [new ToolDefinition("lookup", "Looks a symbol up", JsonNode.Parse("""
            {  "properties" : { "depth": {"type":"integer"},
               "name" : { "type" : "string" } },
               "type":"object" }
            """))];

        Key(reordered).ShouldBe(Key(Base()));
    }

    [Fact]
    public void Compute_ToolCallArgumentsReorderedInHistory_SameKey()
    {
        ChatRequest a = Base();
        a.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ToolCallPart("call_1", "lookup", """{"name":"Foo","depth":2}""")]));
        ChatRequest b = Base();
        b.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ToolCallPart("call_1", "lookup", """{ "depth": 2, "name": "Foo" }""")]));

        Key(a).ShouldBe(Key(b));
    }

    public static TheoryData<string> Parameters =>
    [
        "system", "user text", "role", "message name", "extra turn", "image", "tool result", "tool error flag", "thinking",
        "tool name", "tool description", "tool schema", "tool strict", "no tools", "tool choice", "parallel tool calls",
        "max tokens", "temperature", "top p", "top k", "stop", "stop order", "seed", "frequency penalty", "presence penalty",
        "json mode", "json schema", "reasoning effort", "thinking budget", "unmodeled field", "anthropic-beta",
        "partition", "target", "fallback order",
    ];

    [Theory]
    [MemberData(nameof(Parameters))]
    public void Compute_AnyParameterThatChangesTheAnswer_ChangesTheKey(string parameter)
    {
        ChatRequest r = Base();
        string partition = "global";
        Deployment[] targets = [Target];
        switch (parameter)
        {
            case "system": r.System[0].Text = "You review code carefully."; break;
            case "user text": r.Messages[0] = ChatMessage.FromText(ChatRole.User, "Review this diff!"); break;
            case "role": r.Messages[0] = ChatMessage.FromText(ChatRole.Assistant, "Review this diff."); break;
            case "message name": r.Messages[0] = new ChatMessage(ChatRole.User, [new TextPart("Review this diff.")]) { Name = "ann" }; break;
            case "extra turn": r.Messages.Add(ChatMessage.FromText(ChatRole.User, "And be brief.")); break;
            case "image": r.Messages[0].Content.Add(ImagePart.FromUrl("https://example.com/a.png")); break;
            case "tool result": r.Messages.Add(new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_1", [new TextPart("42")])])); break;
            case "tool error flag":
                r.Messages.Add(new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_1", [new TextPart("42")]) { IsError = true }]));
                Key(r).ShouldNotBe(KeyWith(b => b.Messages.Add(new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_1", [new TextPart("42")])]))));
                return;
            case "thinking": r.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ThinkingPart("hmm") { Signature = "sig" }])); break;
            case "tool name": r.Tools = [new ToolDefinition("find", "Looks a symbol up", r.Tools![0].Parameters)]; break;
            case "tool description": r.Tools = [new ToolDefinition("lookup", "Finds a symbol", r.Tools![0].Parameters)]; break;
            case "tool schema": r.Tools = [new ToolDefinition("lookup", "Looks a symbol up", JsonNode.Parse("""{"type":"object","properties":{"name":{"type":"string"}}}"""))]; break;
            case "tool strict": r.Tools = [new ToolDefinition("lookup", "Looks a symbol up", r.Tools![0].Parameters) { Strict = true }]; break;
            case "no tools": r.Tools = null; break;
            case "tool choice": r.ToolChoice = ToolChoice.Required; break;
            case "parallel tool calls": r.ParallelToolCalls = false; break;
            case "max tokens": r.MaxTokens = 501; break;
            case "temperature": r.Temperature = 0.2; break;
            case "top p": r.TopP = 0.9; break;
            case "top k": r.TopK = 40; break;
            case "stop": r.Stop = ["END"]; break;
            case "stop order":
                r.Stop = ["A", "B"];
                Key(r).ShouldNotBe(KeyWith(b => b.Stop = ["B", "A"]));
                return;
            case "seed": r.Seed = 7; break;
            case "frequency penalty": r.FrequencyPenalty = 0.5; break;
            case "presence penalty": r.PresencePenalty = 0.5; break;
            case "json mode": r.ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonObject); break;
            case "json schema":
                r.ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema, "a", JsonNode.Parse("""{"type":"object"}"""));
                Key(r).ShouldNotBe(KeyWith(b => b.ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema, "a", JsonNode.Parse("""{"type":"array"}"""))));
                return;
            case "reasoning effort": r.ReasoningEffort = "high"; break;
            case "thinking budget": r.ThinkingBudgetTokens = 2048; break;
            case "unmodeled field": r.Extensions["logprobs"] = JsonValue.Create(true); break;
            case "anthropic-beta": r.ForwardHeaders = new(StringComparer.OrdinalIgnoreCase) { ["anthropic-beta"] = "some-feature-2025" }; break;
            case "partition": partition = "project:billing"; break;
            case "target": targets = [new Deployment("openai", "gpt-4o")]; break;
            case "fallback order": targets = [Target, new Deployment("anthropic", "claude-haiku-4-5")]; break;
            default: throw new ArgumentOutOfRangeException(nameof(parameter), parameter, null);
        }

        Key(r, partition, targets).ShouldNotBe(Key(Base()), parameter);
    }

    [Fact]
    public void Compute_ReorderedFallbacks_ChangeTheKey()
    {
        var other = new Deployment("anthropic", "claude-haiku-4-5");
        Key(Base(), "global", Target, other).ShouldNotBe(Key(Base(), "global", other, Target));
    }

    public static TheoryData<string> Ignored => ["stream", "stream usage", "user", "metadata", "model spelling", "anthropic-version", "source protocol"];

    [Theory]
    [MemberData(nameof(Ignored))]
    public void Compute_FieldsThatDoNotChangeTheAnswer_KeepTheKey(string field)
    {
        ChatRequest r = field == "source protocol" ? new ChatRequest { Model = "gpt-4o-mini", SourceProtocol = WireProtocol.AnthropicMessages } : Base();
        if (field == "source protocol")
        {
            r.System.Add(new TextPart("You review code."));
            r.Messages.Add(ChatMessage.FromText(ChatRole.User, "Review this diff."));
            r.Tools = Base().Tools;
            r.MaxTokens = 500;
            r.Temperature = 0;
        }

        switch (field)
        {
            case "stream": r.Stream = true; break;
            case "stream usage": r.StreamIncludeUsage = true; break;
            case "user": r.User = "someone"; break;
            case "metadata": r.Metadata = new() { ["ticket"] = "T-1" }; break;
            case "model spelling": r.Model = "openai/gpt-4o-mini"; break;
            case "anthropic-version": r.ForwardHeaders = new(StringComparer.OrdinalIgnoreCase) { ["anthropic-version"] = "2023-06-01" }; break;
        }

        Key(r).ShouldBe(Key(Base()), field);
    }

    [Fact]
    public void CanonicalJson_SortsKeysOfCallerJson()
    {
        string json = CacheKeyBuilder.CanonicalJson(Base(), "global", [Target]);

        json.ShouldContain("""{"properties":{"depth":{"type":"integer"},"name":{"type":"string"}},"type":"object"}""");
        json.ShouldNotContain("stream");
    }

    [Fact]
    public void CacheKey_RoundTripsThroughBytesAndPrintsAsHex()
    {
        CacheKey key = Key(Base());

        CacheKey.FromBytes(key.ToBytes()).ShouldBe(key);
        key.ToString().Length.ShouldBe(64);
    }

    private static CacheKey KeyWith(Action<ChatRequest> change)
    {
        ChatRequest r = Base();
        change(r);
        return Key(r);
    }
}
