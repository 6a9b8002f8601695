using Purser.Resilience;
using Purser.Streaming;

namespace Purser.Dispatch;

/// <summary>
/// The rest of a stream that was handed to the client: reports a failure after the first event to the deployment's
/// health, and disposes the stream's own cancellation source when it ends.
/// </summary>
internal sealed class ServedStream(IAsyncEnumerator<StreamChunk> inner, CancellationTokenSource owned, DeploymentHealth health, TimeProvider time) : IAsyncEnumerator<StreamChunk>
{
    // The stream counted as in flight on its deployment from its attempt until it ends.
    private int _left;

    public StreamChunk Current => inner.Current;

    public async ValueTask<bool> MoveNextAsync()
    {
        bool more = await inner.MoveNextAsync();
        if (more)
        {
            foreach (StreamEvent e in inner.Current.Events)
            {
                if (e is ErrorEvent error)
                {
                    health.RecordStreamFailure(error.Error, time.GetUtcNow());
                }
            }
        }

        return more;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await inner.DisposeAsync();
        }
        finally
        {
            owned.Dispose();
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                health.Leave();
            }
        }
    }
}
