using System.Text.Json.Nodes;

namespace Purser.Chat;

/// <summary>
/// The canonical chat request every inbound protocol is parsed into and every upstream protocol is written from.
/// <see cref="Raw"/> keeps the body as received, so a same-protocol call can pass fields Purser does not know through.
/// </summary>
internal sealed class ChatRequest
{
    /// <summary>The model as the caller named it (a provider/model, a bare model name or an alias).</summary>
    public string Model { get; set; } = "";

    /// <summary>System prompt parts, in order (OpenAI system/developer messages, Anthropic system, Gemini systemInstruction).</summary>
    public List<TextPart> System { get; } = [];

    public List<ChatMessage> Messages { get; } = [];

    public List<ToolDefinition>? Tools { get; set; }

    public ToolChoice? ToolChoice { get; set; }

    public bool? ParallelToolCalls { get; set; }

    /// <summary>
    /// The most output tokens the call may produce per answer. An OpenAI request that sets both max_tokens and
    /// max_completion_tokens carries the larger, which is what an upstream may honour.
    /// </summary>
    public int? MaxTokens { get; set; }

    /// <summary>
    /// How many answers the call asks for (OpenAI <c>n</c>, Gemini <c>generationConfig.candidateCount</c>); each is
    /// generated and billed, so a reservation covers this many times the output. Null means one.
    /// </summary>
    public int? Choices { get; set; }

    public double? Temperature { get; set; }

    public double? TopP { get; set; }

    public int? TopK { get; set; }

    public List<string>? Stop { get; set; }

    public long? Seed { get; set; }

    public double? FrequencyPenalty { get; set; }

    public double? PresencePenalty { get; set; }

    public ResponseFormat? ResponseFormat { get; set; }

    /// <summary>OpenAI reasoning effort (minimal, low, medium, high).</summary>
    public string? ReasoningEffort { get; set; }

    /// <summary>Anthropic extended-thinking / Gemini thinking budget in tokens.</summary>
    public int? ThinkingBudgetTokens { get; set; }

    /// <summary>
    /// The client asked to see the model's reasoning (Anthropic <c>thinking</c> enabled or adaptive, Gemini
    /// <c>includeThoughts</c>); writers ask the upstream to return it where it can.
    /// </summary>
    public bool ShowThinking { get; set; }

    public bool Stream { get; set; }

    /// <summary>The client asked for a usage chunk at the end of an OpenAI stream.</summary>
    public bool StreamIncludeUsage { get; set; }

    /// <summary>End-user id (OpenAI <c>user</c>, Anthropic <c>metadata.user_id</c>).</summary>
    public string? User { get; set; }

    /// <summary>Caller metadata (OpenAI <c>metadata</c>), recorded for attribution.</summary>
    public Dictionary<string, string>? Metadata { get; set; }

    /// <summary>
    /// Top-level fields the inbound parser did not map (e.g. OpenAI logprobs, Anthropic container). A same-protocol
    /// upstream gets them through <see cref="Raw"/>; a writer for another protocol refuses any it cannot honour.
    /// </summary>
    public Dictionary<string, JsonNode?> Extensions { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Fields found inside the body's structure rather than at its top (Anthropic <c>cache_control</c> on blocks and
    /// tools) that have no canonical form; a writer for another protocol names them as dropped.
    /// </summary>
    public HashSet<string> InnerFields { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Client headers a same-protocol upstream should receive (anthropic-beta, anthropic-version); never
    /// authentication headers.
    /// </summary>
    public Dictionary<string, string>? ForwardHeaders { get; set; }

    /// <summary>
    /// Set for an embeddings call (<c>POST /v1/embeddings</c>): what to embed. The call then has no messages and no
    /// output; providers that embed read this instead of the chat fields.
    /// </summary>
    public Embeddings.EmbeddingRequest? Embedding { get; set; }

    /// <summary>The protocol the request arrived in.</summary>
    public WireProtocol SourceProtocol { get; init; }

    /// <summary>The body as received; null when the request was built in code.</summary>
    public JsonObject? Raw { get; init; }

    /// <summary>The text of the latest user turn (what routing classifies).</summary>
    public string LatestUserText()
    {
        for (int i = Messages.Count - 1; i >= 0; i--)
        {
            if (Messages[i].Role == ChatRole.User)
            {
                return Messages[i].Text;
            }
        }

        return "";
    }
}
