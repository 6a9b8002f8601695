using Purser.Chat;

namespace Purser.Streaming;

/// <summary>
/// One upstream stream event: its exact bytes (so a same-protocol client gets them untouched)
/// and the canonical events it carries (so any other protocol can be written from them).
/// </summary>
internal sealed class StreamChunk
{
    public StreamChunk(WireProtocol protocol, ReadOnlyMemory<byte> raw, IReadOnlyList<StreamEvent> events)
    {
        Protocol = protocol;
        Raw = raw;
        Events = events;
    }

    /// <summary>The protocol <see cref="Raw"/> is in.</summary>
    public WireProtocol Protocol { get; }

    /// <summary>The whole SSE event as received ("event: …\ndata: …\n\n"); empty when there is none.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    public IReadOnlyList<StreamEvent> Events { get; }

    /// <summary>
    /// Do not forward <see cref="Raw"/> to a same-protocol client: a usage chunk Purser asked for itself,
    /// or the protocol's terminal event, which Purser writes itself after the ledger row is committed.
    /// </summary>
    public bool Suppress { get; init; }
}
