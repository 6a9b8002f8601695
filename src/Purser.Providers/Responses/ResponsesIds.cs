namespace Purser.Providers.Responses;

/// <summary>
/// Ids Purser gives the responses and items it writes itself (translated answers), in OpenAI's shapes (a prefix per
/// kind), and the markers that let Purser recognise its own reasoning items when they come back.
/// </summary>
internal static class ResponsesIds
{
    /// <summary>Reasoning items Purser wrote from another provider's thinking: an upstream OpenAI could not resolve them.</summary>
    public const string ReasoningPrefix = "rs_purser_";

    /// <summary>encrypted_content carrying an Anthropic thinking block's signature.</summary>
    public const string AnthropicSignature = "purser:anthropic:";

    /// <summary>encrypted_content carrying an Anthropic redacted_thinking block's data.</summary>
    public const string AnthropicRedacted = "purser:anthropic-redacted:";

    public static string Response() => "resp_" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..16];

    public static string Message() => "msg_" + Guid.NewGuid().ToString("N");

    public static string FunctionCall() => "fc_" + Guid.NewGuid().ToString("N");

    public static string CustomToolCall() => "ctc_" + Guid.NewGuid().ToString("N");

    public static string Reasoning() => ReasoningPrefix + Guid.NewGuid().ToString("N");

    /// <summary>A call id for a tool call an upstream gave none.</summary>
    public static string Call() => "call_" + Guid.NewGuid().ToString("N")[..24];
}
