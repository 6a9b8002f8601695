using Purser.Chat;

namespace Purser.Prompts;

/// <summary>A prompt rendered with its variables: the system and user messages plus the prompt's call parameters.</summary>
internal sealed class RenderedPrompt
{
    internal RenderedPrompt(PromptDefinition prompt, string system, string user)
    {
        Prompt = prompt;
        System = system;
        User = user;
    }

    /// <summary>The definition this was rendered from.</summary>
    public PromptDefinition Prompt { get; }

    public string Name => Prompt.Name;

    /// <summary>The prompt's effective version (see <see cref="PromptDefinition.Version"/>); key caches on it.</summary>
    public string Version => Prompt.Version;

    /// <summary>The rendered system message (empty when the prompt has none).</summary>
    public string System { get; }

    /// <summary>The rendered user message.</summary>
    public string User { get; }

    public int MaxTokens => Prompt.MaxTokens;

    public double Temperature => Prompt.Temperature;

    public PromptTier Tier => Prompt.Tier;

    public PromptResponseFormat ResponseFormat => Prompt.ResponseFormat;

    /// <summary>The model or alias to send the request to (see <see cref="PromptDefinition.Target"/>).</summary>
    public string Target => Prompt.Target;

    /// <summary>
    /// A canonical chat request for this prompt: system and user messages, max tokens, temperature, JSON mode when the
    /// prompt answers in JSON, and <paramref name="model"/> (default: <see cref="Target"/>).
    /// </summary>
    public ChatRequest ToChatRequest(string? model = null)
    {
        var request = new ChatRequest
        {
            Model = model ?? Target,
            MaxTokens = MaxTokens,
            Temperature = Temperature,
            ResponseFormat = ResponseFormat == PromptResponseFormat.Json ? new ResponseFormat(ResponseFormatKind.JsonObject) : null,
        };
        if (System.Length > 0)
        {
            request.System.Add(new TextPart(System));
        }

        request.Messages.Add(ChatMessage.FromText(ChatRole.User, User));
        return request;
    }
}
