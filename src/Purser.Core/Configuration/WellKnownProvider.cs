namespace Purser.Configuration;

/// <summary>A provider Purser knows how to configure from the environment.</summary>
internal sealed record WellKnownProvider(string Name, string Kind, string DefaultBaseUrl, IReadOnlyList<string> KeyVariables)
{
    /// <summary>The variable to name in "set X to use this provider" messages.</summary>
    public string PrimaryVariable => KeyVariables[0];

    public static readonly IReadOnlyList<WellKnownProvider> All =
    [
        new("openai", ProviderKind.OpenAI, "https://api.openai.com/v1", ["OPENAI_API_KEY"]),
        new("anthropic", ProviderKind.Anthropic, "https://api.anthropic.com", ["ANTHROPIC_API_KEY"]),
        new("gemini", ProviderKind.Gemini, "https://generativelanguage.googleapis.com/v1beta", ["GEMINI_API_KEY", "GOOGLE_API_KEY"]),
        new("xai", ProviderKind.OpenAI, "https://api.x.ai/v1", ["XAI_API_KEY", "GROK_API_KEY"]),
        new("openrouter", ProviderKind.OpenAI, "https://openrouter.ai/api/v1", ["OPENROUTER_API_KEY"]),
        new("ollama", ProviderKind.OpenAI, "http://localhost:11434/v1", ["OLLAMA_HOST"]),
    ];

    public static WellKnownProvider? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? (string.Equals(name, "google", StringComparison.OrdinalIgnoreCase) ? All[2]
        : string.Equals(name, "grok", StringComparison.OrdinalIgnoreCase) ? All[3] : null);

    /// <summary>Which well-known provider a bare model name most likely belongs to (gpt-4o → openai, claude-… → anthropic).</summary>
    public static WellKnownProvider? ForModelName(string model)
    {
        string m = model.ToLowerInvariant();
        if (m.StartsWith("gpt-", StringComparison.Ordinal) || m.StartsWith("chatgpt-", StringComparison.Ordinal)
            || m.StartsWith("o1", StringComparison.Ordinal) || m.StartsWith("o3", StringComparison.Ordinal) || m.StartsWith("o4", StringComparison.Ordinal)
            || m.StartsWith("text-embedding-", StringComparison.Ordinal) || m.StartsWith("codex-", StringComparison.Ordinal))
        {
            return All[0];
        }

        if (m.StartsWith("claude", StringComparison.Ordinal))
        {
            return All[1];
        }

        if (m.StartsWith("gemini", StringComparison.Ordinal) || m.StartsWith("gemma", StringComparison.Ordinal))
        {
            return All[2];
        }

        return m.StartsWith("grok", StringComparison.Ordinal) ? All[3] : null;
    }
}
