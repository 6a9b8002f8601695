namespace Purser.FunctionalTests.Infrastructure;

/// <summary>The upstream wire kinds every cross-protocol test runs against.</summary>
public static class Wires
{
    public static TheoryData<string> All => ["openai", "anthropic", "gemini"];

    public static UpstreamWire Create(string kind) => kind switch
    {
        "openai" => new OpenAIUpstreamWire(),
        "gemini" => new GeminiUpstreamWire(),
        "anthropic" => new AnthropicUpstreamWire(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
