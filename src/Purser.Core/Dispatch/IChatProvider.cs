using Purser.Chat;

namespace Purser.Dispatch;

/// <summary>
/// A configured upstream speaking one wire protocol. Expected failures come back as values
/// (<see cref="ProviderResponse.Error"/>), never as exceptions.
/// </summary>
internal interface IChatProvider
{
    /// <summary>The configured provider name (e.g. "openai", "my-vllm").</summary>
    string Name { get; }

    /// <summary>The upstream wire protocol.</summary>
    WireProtocol Protocol { get; }

    /// <summary>Sends a non-streaming call.</summary>
    ValueTask<ProviderResponse> CompleteAsync(ProviderRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a streaming call. On success the returned stream has not been read yet; an error that happens
    /// before the first event (status, connection) comes back in <see cref="ProviderStreamResponse.Error"/>.
    /// </summary>
    ValueTask<ProviderStreamResponse> StreamAsync(ProviderRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The output tokens the upstream will be allowed per answer, thinking included, when this adapter writes
    /// <paramref name="request"/>; null when the request leaves it to the model's own cap. Budget reservations cover
    /// what is actually sent (an adapter that writes a default limit of its own says so here). By default: the request's
    /// max tokens plus any thinking budget (which some protocols count apart).
    /// </summary>
    long? MaxOutputTokens(ChatRequest request) =>
        request.MaxTokens is int max ? max + (long)(request.ThinkingBudgetTokens ?? 0) : null;
}
