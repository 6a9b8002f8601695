namespace Purser.Streaming;

/// <summary>One canonical event of a streamed answer.</summary>
public abstract class StreamEvent
{
    private protected StreamEvent()
    {
    }
}
