namespace Purser.Streaming;

/// <summary>One canonical event of a streamed answer.</summary>
internal abstract class StreamEvent
{
    private protected StreamEvent()
    {
    }
}
