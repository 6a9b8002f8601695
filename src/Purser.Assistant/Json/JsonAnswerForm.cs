namespace Purser.Assistant.Json;

/// <summary>How the JSON object was found in a model's answer.</summary>
internal enum JsonAnswerForm
{
    /// <summary>No JSON object could be found or rebuilt.</summary>
    None,

    /// <summary>The answer was one valid JSON object.</summary>
    Strict,

    /// <summary>A valid JSON object inside a markdown code fence.</summary>
    Fenced,

    /// <summary>A valid JSON object with other text around it.</summary>
    Extracted,

    /// <summary>Not valid JSON, rebuilt by the lenient parser (trailing commas, single quotes, a cut-off end …).</summary>
    Repaired,
}
