using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;

namespace Purser.Tokens;

/// <summary>
/// Counts the prompt tokens of a <see cref="ChatRequest"/> the way OpenAI bills chat prompts: the text of every
/// message plus a fixed framing per message (OpenAI cookbook: 3 tokens per message, the role, 1 more for a name, and
/// 3 that prime the reply). Used for budget reservations, size limits, count_tokens and reports.
/// </summary>
/// <remarks>
/// <para>For an OpenAI model and a request of plain text messages the count is exact (<see cref="TokenCount.IsExact"/>).
/// Everything else is approximated and labelled so: tool definitions (counted as their JSON text, which is longer
/// than the compact form the provider renders), tool calls and results, reasoning blocks, images (by each provider's
/// published size formula, the worst case when the size is unknown), documents, audio and files (by the providers'
/// published rules, <see cref="MediaTokens"/>), a JSON-schema response format, and any non-OpenAI model (whose text
/// counter is itself an estimate). <see cref="TokenCount.Shape"/> says what the prompt carries beyond text, and
/// <see cref="TokenCount.Unbounded"/> that part of it cannot be measured (a file id).</para>
/// <para>Reservations charge the worst-case input cost, so every approximation here rounds up rather than down.</para>
/// </remarks>
internal sealed class ChatTokenCounter
{
    /// <summary>Framing around each message (start, separator, end markers).</summary>
    internal const int TokensPerMessage = 3;

    /// <summary>The role name: "system", "user", "assistant" and "tool" are one token each in both encodings.</summary>
    internal const int TokensPerRole = 1;

    /// <summary>Extra for a message with a participant name, on top of the name's own tokens.</summary>
    internal const int TokensPerName = 1;

    /// <summary>Every reply is primed with <c>&lt;|start|&gt;assistant&lt;|message|&gt;</c>.</summary>
    internal const int ReplyPriming = 3;

    /// <summary>
    /// Approximation: the wrapper the provider puts around the tool list (OpenAI renders it as a TypeScript namespace in
    /// the system prompt; community measurements put it under 10 tokens). Rounded up.
    /// </summary>
    internal const int ToolsOverhead = 12;

    /// <summary>Approximation: per tool, beyond its name, description and JSON schema text.</summary>
    internal const int TokensPerTool = 8;

    /// <summary>Approximation: per tool call in an assistant message, beyond its name and arguments (recipient, id, markers).</summary>
    internal const int TokensPerToolCall = 10;

    /// <summary>Approximation: per tool result, beyond its content (the call id and markers).</summary>
    internal const int TokensPerToolResult = 10;

    /// <summary>Approximation: the instructions that carry a JSON-schema response format, beyond the schema text.</summary>
    internal const int ResponseFormatOverhead = 10;

    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ImageTokenRule _images;

    /// <summary>A counter that counts text with <paramref name="textCounter"/> and images by OpenAI's tile formula.</summary>
    public ChatTokenCounter(ITokenCounter textCounter)
        : this(textCounter, ImageTokenRule.OpenAITiles)
    {
    }

    internal ChatTokenCounter(ITokenCounter textCounter, ImageTokenRule images)
    {
        ArgumentNullException.ThrowIfNull(textCounter);
        TextCounter = textCounter;
        _images = images;
    }

    /// <summary>The counter used for text.</summary>
    public ITokenCounter TextCounter { get; }

    /// <summary>The chat counter for <paramref name="model"/> (see <see cref="Tokenizers.ForModel"/>).</summary>
    public static ChatTokenCounter ForModel(string model)
    {
        TokenizerProfile profile = Tokenizers.Resolve(model);
        return new ChatTokenCounter(profile.Text, profile.Images);
    }

    /// <summary>Counts the prompt tokens <paramref name="request"/> will be billed for.</summary>
    public TokenCount CountPrompt(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Embedding is { } embedding)
        {
            return CountEmbedding(embedding);
        }

        var total = new Tally(TextCounter);
        total.AddFixed(ReplyPriming);

        // Several system parts may have arrived as one message; counting each as a message errs high.
        total.IsExact &= request.System.Count <= 1;
        foreach (TextPart part in request.System)
        {
            total.AddFixed(TokensPerMessage + TokensPerRole);
            total.AddText(part.Text);
        }

        foreach (ChatMessage message in request.Messages)
        {
            total.AddFixed(TokensPerMessage + TokensPerRole);
            if (!string.IsNullOrEmpty(message.Name))
            {
                total.AddFixed(TokensPerName);
                total.AddText(message.Name);
            }

            int textParts = 0;
            foreach (ContentPart part in message.Content)
            {
                if (part is TextPart text)
                {
                    textParts++;
                    total.AddText(text.Text);
                }
                else
                {
                    AddNonText(ref total, part);
                }
            }

            // Separate text parts may be joined before tokenising, which can merge across the seam; counted apart they err high.
            total.IsExact &= textParts <= 1;
        }

        if (request.Tools is { Count: > 0 } tools)
        {
            total.IsExact = false;
            total.AddFixed(ToolsOverhead);
            foreach (ToolDefinition tool in tools)
            {
                total.AddFixed(TokensPerTool);
                total.AddText(tool.Name);
                total.AddText(tool.Description);
                total.AddText(Json(tool.Parameters));
            }
        }

        if (request.ResponseFormat is { Schema: not null } format)
        {
            total.IsExact = false;
            total.AddFixed(ResponseFormatOverhead);
            total.AddText(format.SchemaName);
            total.AddText(Json(format.Schema));
        }

        return new TokenCount(total.Tokens, total.IsExact, TextCounter.Method) { Shape = total.Shape, Unbounded = total.Unbounded };
    }

    /// <summary>
    /// The input tokens of an embeddings call: each input's tokens, with no framing (embeddings are billed by the
    /// tokens embedded). Token-id inputs count one each, exactly.
    /// </summary>
    public TokenCount CountEmbedding(Embeddings.EmbeddingRequest embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        var total = new Tally(TextCounter);
        foreach (Embeddings.EmbeddingInput input in embedding.Inputs)
        {
            if (input.Tokens is { } tokens)
            {
                total.AddFixed(tokens.Length);
            }
            else
            {
                total.AddText(input.Text);
            }
        }

        return new TokenCount(total.Tokens, total.IsExact, TextCounter.Method);
    }

    private void AddNonText(ref Tally total, ContentPart part)
    {
        total.IsExact = false;
        switch (part)
        {
            case ImagePart image:
                total.AddFixed(_images.Estimate(image));
                total.Shape |= PromptShape.Images;
                break;
            case OpaquePart opaque:
                MediaCount media = MediaTokens.Count(opaque, TextCounter, _images);
                total.AddFixed(media.Tokens);
                total.Shape |= media.Shape;
                total.Unbounded |= media.Unbounded;
                break;
            case ToolCallPart call:
                total.AddFixed(TokensPerToolCall);
                total.AddText(call.Name);
                total.AddText(call.Arguments);
                break;
            case ToolResultPart result:
                total.AddFixed(TokensPerToolResult);
                foreach (ContentPart inner in result.Content)
                {
                    if (inner is TextPart text)
                    {
                        total.AddText(text.Text);
                    }
                    else
                    {
                        AddNonText(ref total, inner);
                    }
                }

                break;
            case ThinkingPart thinking:
                // Providers usually drop earlier turns' reasoning from the prompt; counting it errs high.
                total.AddText(thinking.Text);
                total.AddText(thinking.RedactedData);
                break;
        }
    }

    private static string? Json(JsonNode? node) => node?.ToJsonString(CompactJson);

    private struct Tally(ITokenCounter counter)
    {
        public long Tokens;
        public bool IsExact = counter.IsExact;
        public PromptShape Shape;
        public bool Unbounded;

        public void AddFixed(long tokens) => Tokens += tokens;

        public void AddText(string? text)
        {
            if (!string.IsNullOrEmpty(text))
            {
                Tokens += counter.Count(text).Tokens;
            }
        }
    }
}
