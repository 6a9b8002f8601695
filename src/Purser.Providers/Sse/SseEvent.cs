namespace Purser.Providers.Sse;

/// <summary>One server-sent event: its name, its data (data lines joined by \n) and its exact bytes.</summary>
internal readonly struct SseEvent(string? name, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> raw)
{
    /// <summary>The "event:" field, or null.</summary>
    public string? Name { get; } = name;

    public ReadOnlyMemory<byte> Data { get; } = data;

    /// <summary>The whole event as received, ending with its blank line.</summary>
    public ReadOnlyMemory<byte> Raw { get; } = raw;

    /// <summary>Whether the data is OpenAI's "[DONE]" sentinel.</summary>
    public bool IsDone => Data.Span.SequenceEqual("[DONE]"u8);
}
