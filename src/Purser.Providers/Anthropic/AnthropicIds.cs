namespace Purser.Providers.Anthropic;

internal static class AnthropicIds
{
    /// <summary>Keeps an upstream id that already looks like Anthropic's; otherwise prefixes it so clients see a msg_ id.</summary>
    public static string MessageId(string id) =>
        id.StartsWith("msg_", StringComparison.Ordinal) ? id : "msg_" + (id.Length > 0 ? id : Guid.NewGuid().ToString("N"));
}
