namespace Purser.Chat;

internal enum ToolChoiceKind
{
    Auto,
    None,

    /// <summary>Must call some tool (OpenAI "required", Anthropic "any", Gemini ANY).</summary>
    Required,

    /// <summary>Must call the named tool.</summary>
    Specific,
}
