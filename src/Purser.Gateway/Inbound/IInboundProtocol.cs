using Purser.Chat;
using Purser.Errors;
using Purser.Pipeline;

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

    /// <summary>Called with a successful non-streamed answer as the client receives it (the Responses API keeps it as conversation state).</summary>
    void OnAnswer(PurserContext context, ReadOnlyMemory<byte> payload)
    {
    }

    /// <summary>The ledger operation of the endpoint's calls when the caller names none (x-purser-operation); null = chat.</summary>
    string? Operation => null;

    /// <summary>The content type of a streamed answer.</summary>
    string StreamContentType => "text/event-stream; charset=utf-8";

    /// <summary>Parses a count-tokens body (a protocol that has such an endpoint).</summary>
    ChatRequest ParseCountTokens(ReadOnlySpan<byte> body) => throw new NotSupportedException("This protocol has no count-tokens endpoint.");

    /// <summary>Writes a count-tokens answer (a protocol that has such an endpoint).</summary>
    void WriteTokenCount(System.Text.Json.Utf8JsonWriter writer, long tokens) => throw new NotSupportedException("This protocol has no count-tokens endpoint.");
}
