using Purser.Chat;
using Purser.Errors;

namespace Purser.Gateway.Inbound;

/// <summary>One inbound API dialect: how to parse its requests and write its answers, streams and errors.</summary>
internal interface IInboundProtocol
{
    WireProtocol Protocol { get; }

    /// <summary>Parses a request body; throws Purser.Providers.Json.InvalidRequestException when malformed.</summary>
    ChatRequest Parse(ReadOnlySpan<byte> body);

    /// <summary>
    /// Parses a request body that stays unchanged until the request is over (the gateway's pooled body), without
    /// copying it where the protocol can; by default <see cref="Parse(ReadOnlySpan{byte})"/>.
    /// </summary>
    ChatRequest Parse(ReadOnlyMemory<byte> body) => Parse(body.Span);

    byte[] WriteError(PurserError error);

    byte[] WriteResponse(ChatResponse response, string model, long created);

    IInboundStreamWriter CreateStreamWriter(ChatRequest request, string model, long created);
}
