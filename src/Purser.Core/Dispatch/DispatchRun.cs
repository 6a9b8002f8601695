using Purser.Errors;
using Purser.Pipeline;

namespace Purser.Dispatch;

/// <summary>One call's dispatch: its context, the client's token, and the deadline for all its attempts.</summary>
internal sealed class DispatchRun(PurserContext context, PurserPipeline pipeline, CancellationToken requestToken, CancellationToken deadlineToken, TimeSpan deadline)
{
    public PurserContext Context { get; } = context;

    public PurserPipeline Pipeline { get; } = pipeline;

    /// <summary>Cancelled when the client goes away; a served stream lives as long as this.</summary>
    public CancellationToken RequestToken { get; } = requestToken;

    /// <summary>Cancelled when the call's total deadline passes.</summary>
    public CancellationToken DeadlineToken { get; } = deadlineToken;

    public TimeSpan Deadline { get; } = deadline;

    public bool IsOver => RequestToken.IsCancellationRequested || DeadlineToken.IsCancellationRequested;

    /// <summary>The error for an attempt that was cut short: the client left, the deadline passed, or the attempt ran out of time.</summary>
    public PurserError Interrupted(ProviderRequest request)
    {
        if (RequestToken.IsCancellationRequested)
        {
            return Cancelled;
        }

        if (DeadlineToken.IsCancellationRequested)
        {
            return DeadlineExceeded();
        }

        return new PurserError(ErrorKind.Timeout, 504, $"Upstream {request.Deployment.Provider} did not answer within {request.Timeout.TotalSeconds:0.###} s.") { Code = "upstream_timeout" };
    }

    public PurserError DeadlineExceeded() =>
        new(ErrorKind.Timeout, 504, $"The call's deadline of {Deadline.TotalSeconds:0.###} s passed after {Context.Attempts.Count} attempt(s) (Purser:Resilience:TotalDeadlineSeconds).") { Code = "deadline_exceeded" };

    public static PurserError Cancelled { get; } = new(ErrorKind.Cancelled, 499, "The client closed the request.");
}
