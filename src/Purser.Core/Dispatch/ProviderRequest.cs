using Purser.Chat;
using Purser.Routing;

namespace Purser.Dispatch;

/// <summary>One attempt's input: the canonical request, the deployment to use and the attempt's time limit.</summary>
internal sealed class ProviderRequest(ChatRequest request, Deployment deployment, TimeSpan timeout)
{
    public ChatRequest Request { get; } = request;

    public Deployment Deployment { get; } = deployment;

    /// <summary>Time allowed for a complete non-streamed answer, or for a stream's first event.</summary>
    public TimeSpan Timeout { get; } = timeout;

    public string RequestId { get; init; } = "";

    /// <summary>
    /// System text the route appended (the configuration cascade's prompt addition). It is already in
    /// <see cref="ChatRequest.System"/>; a same-protocol passthrough, which sends the raw body, adds it from here.
    /// </summary>
    public string? SystemAddition { get; init; }

    /// <summary>What translating this attempt's request into the provider's protocol dropped (and whether it may drop).</summary>
    public Translation.TranslationReport Translation { get; init; } = new();
}
