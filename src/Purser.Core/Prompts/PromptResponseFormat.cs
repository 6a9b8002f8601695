namespace Purser.Prompts;

/// <summary>What a prompt asks the model to answer with.</summary>
internal enum PromptResponseFormat
{
    /// <summary>Free text (markdown).</summary>
    Text,

    /// <summary>One JSON object; the request is sent in JSON mode.</summary>
    Json,
}
