using Purser.Buffers;

namespace Purser.Gateway.Http;

/// <summary>
/// A request body's pooled buffer and the in-flight bytes it reserved, both given back when the request is over
/// (registered with the response for disposal: the parsed request reads the buffer in place until then).
/// </summary>
internal sealed class RequestBodyLease(InFlightBodyBytes? inFlight) : IDisposable
{
    private bool _disposed;

    public PooledBufferWriter Buffer { get; } = new(0);

    /// <summary>Bytes reserved against the in-flight cap.</summary>
    public long Reserved { get; private set; }

    /// <summary>Reserves room to grow to <paramref name="capacity"/> bytes; false when the in-flight cap has no room.</summary>
    public bool TryGrow(int capacity, bool exact)
    {
        long more = capacity - Reserved;
        if (more > 0)
        {
            if (inFlight is not null && !inFlight.TryReserve(more))
            {
                return false;
            }

            Reserved = capacity;
        }

        Buffer.EnsureCapacity(capacity, exact);
        return true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Buffer.Dispose();
        inFlight?.Release(Reserved);
    }
}
