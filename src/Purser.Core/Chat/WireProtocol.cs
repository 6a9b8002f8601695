namespace Purser.Chat;

/// <summary>The wire formats Purser speaks, inbound and upstream.</summary>
internal enum WireProtocol
{
    /// <summary>OpenAI Chat Completions (and every OpenAI-compatible server).</summary>
    OpenAIChat,

    /// <summary>Anthropic Messages.</summary>
    AnthropicMessages,

    /// <summary>Google Gemini generateContent / streamGenerateContent.</summary>
    Gemini,

    /// <summary>The built-in simulated provider (no wire at all).</summary>
    Simulated,

    /// <summary>OpenAI Responses (<c>/v1/responses</c>): items in, items out, conversation state kept by the server.</summary>
    OpenAIResponses,

    /// <summary>OpenAI Embeddings (<c>/v1/embeddings</c>), which every OpenAI-compatible server with embeddings speaks.</summary>
    OpenAIEmbeddings,
}
