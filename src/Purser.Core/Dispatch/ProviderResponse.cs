using Purser.Chat;
using Purser.Errors;
using Purser.Usage;

namespace Purser.Dispatch;

/// <summary>A non-streamed answer, or the error that took its place.</summary>
internal sealed class ProviderResponse
{
    public ChatResponse? Response { get; init; }

    /// <summary>The answer's body exactly as the upstream sent it (for same-protocol passthrough).</summary>
    public ReadOnlyMemory<byte> RawBody { get; init; }

    public WireProtocol Protocol { get; init; }

    public PurserError? Error { get; init; }

    /// <summary>Tokens the upstream billed even though the call failed (rare; e.g. a truncated answer).</summary>
    public TokenUsage BilledOnError { get; init; }

    public static ProviderResponse Fail(PurserError error) => new() { Error = error };
}
