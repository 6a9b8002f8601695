using Purser.Chat;

namespace Purser.Dispatch;

/// <summary>
/// A configured upstream speaking one wire protocol. Expected failures come back as values
/// (<see cref="ProviderResponse.Error"/>), never as exceptions.
/// </summary>
public interface IChatProvider
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
}
