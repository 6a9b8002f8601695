namespace Purser.FunctionalTests.Infrastructure;

/// <summary>What a fake upstream answers, independent of its wire format.</summary>
public sealed record FakeAnswer(string Text)
{
    /// <summary>All prompt tokens, cached included.</summary>
    public long InputTokens { get; init; } = 120;

    public long CachedTokens { get; init; } = 20;

    /// <summary>Prompt tokens written to the cache (Anthropic's cache_creation_input_tokens; included in <see cref="InputTokens"/>).</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>All output tokens, reasoning included.</summary>
    public long OutputTokens { get; init; } = 40;

    public long ReasoningTokens { get; init; } = 10;

    public IReadOnlyList<FakeToolCall> ToolCalls { get; init; } = [];

    /// <summary>Leave usage out of the answer (the gateway must count locally).</summary>
    public bool OmitUsage { get; init; }
}

public sealed record FakeToolCall(string Id, string Name, string ArgumentsJson);
