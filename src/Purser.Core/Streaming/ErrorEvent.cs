using Purser.Errors;

namespace Purser.Streaming;

/// <summary>The stream failed midway (an upstream error event, a cut-off, a parse failure).</summary>
internal sealed class ErrorEvent(PurserError error) : StreamEvent
{
    public PurserError Error { get; } = error;
}
