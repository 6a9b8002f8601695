using Purser.Usage;

namespace Purser.Chat;

/// <summary>A complete (non-streamed, or reassembled) answer in canonical form.</summary>
internal sealed class ChatResponse
{
    public string Id { get; set; } = "";

    /// <summary>The model the upstream says answered.</summary>
    public string Model { get; set; } = "";

    /// <summary>Text, tool calls and thinking, in order.</summary>
    public List<ContentPart> Content { get; } = [];

    public FinishReason FinishReason { get; set; } = FinishReason.Stop;

    /// <summary>The stop sequence that ended the answer, when known.</summary>
    public string? StopSequence { get; set; }

    public TokenUsage Usage { get; set; }

    /// <summary>The vectors of an embeddings call, one per input in input order; null for a chat answer.</summary>
    public List<float[]>? Embeddings { get; set; }

    /// <summary>Unix seconds the upstream stamped the answer with, when it did.</summary>
    public long Created { get; set; }

    /// <summary>The answer's visible text, parts joined.</summary>
    public string Text => ChatText.Join(Content);
}
