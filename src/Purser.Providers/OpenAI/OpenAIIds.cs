namespace Purser.Providers.OpenAI;

internal static class OpenAIIds
{
    /// <summary>Keeps an upstream id that already looks like OpenAI's; otherwise prefixes it so clients see a chatcmpl- id.</summary>
    public static string CompletionId(string id) =>
        id.StartsWith("chatcmpl", StringComparison.Ordinal) ? id : "chatcmpl-" + (id.Length > 0 ? id : Guid.NewGuid().ToString("N"));
}
