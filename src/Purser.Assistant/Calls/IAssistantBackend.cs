using Purser.Chat;

namespace Purser.Assistant.Calls;

/// <summary>Where assistant calls go: Purser's pipeline in this process, or a remote gateway (<c>--server</c>).</summary>
internal interface IAssistantBackend
{
    /// <summary>True when the model is resolved by a remote gateway, so local provider configuration does not matter.</summary>
    bool IsRemote { get; }

    /// <summary>Sends <paramref name="request"/> and fills in <paramref name="call"/>'s answer, usage, cost and error. Never throws for a failed call.</summary>
    ValueTask SendAsync(ChatRequest request, AssistantCallRequest spec, AssistantCall call, CancellationToken cancellationToken);
}
