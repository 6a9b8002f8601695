using Purser.Errors;
using Purser.Streaming;

namespace Purser.Dispatch;

/// <summary>An opened stream, or the error that happened before it started.</summary>
internal sealed class ProviderStreamResponse
{
    /// <summary>The upstream's events. Errors after the start arrive as <see cref="ErrorEvent"/>s, not exceptions.</summary>
    public IAsyncEnumerable<StreamChunk>? Chunks { get; init; }

    public PurserError? Error { get; init; }

    public static ProviderStreamResponse Fail(PurserError error) => new() { Error = error };
}
