namespace Purser.Cli.Run;

/// <summary>An API an agent speaks, which decides the variables <c>purser run</c> points at the gateway.</summary>
internal enum AgentProtocol
{
    /// <summary>OPENAI_BASE_URL / OPENAI_API_BASE (…/v1) and OPENAI_API_KEY.</summary>
    OpenAI,

    /// <summary>ANTHROPIC_BASE_URL (the root) and ANTHROPIC_API_KEY (ANTHROPIC_AUTH_TOKEN too where it was set).</summary>
    Anthropic,

    /// <summary>GOOGLE_GEMINI_BASE_URL (the root) and GEMINI_API_KEY.</summary>
    Gemini,
}
