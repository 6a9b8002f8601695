using Purser.Errors;
using Purser.Resilience;

namespace Purser.Dispatch;

/// <summary>
/// What one call's dispatch has learned so far: the last error, the error to give when every deployment was skipped,
/// the notes for the route's reason, and the deployments kept for later passes (cooling down, circuit open).
/// </summary>
internal sealed class DispatchTally
{
    /// <summary>The error of the last attempt (or of the reason the call ended); null while nothing failed.</summary>
    public PurserError? Last { get; set; }

    /// <summary>Of the deployments skipped without an attempt, the error of the one that has room soonest.</summary>
    public PurserError? SkippedError { get; private set; }

    /// <summary>What happened to the route, for its reason (skips, waits, last resorts).</summary>
    public List<string>? Notes { get; private set; }

    /// <summary>Deployments that asked callers to wait: tried after everything else failed.</summary>
    public List<AttemptState> Cooling { get; } = [];

    /// <summary>Deployments whose circuit is open: tried once each, as a last resort.</summary>
    public List<AttemptState> Open { get; } = [];

    /// <summary>Whether a later pass may still try another deployment: the last failure allows a fallback.</summary>
    public bool AllowsFallback => Last is null || FailureClassifier.AllowsFallback(Last);

    public void Note(string note) => (Notes ??= []).Add(note);

    /// <summary>A deployment skipped without an attempt: noted, and its error kept when it has room sooner than the others.</summary>
    public void Skip(string note, PurserError error)
    {
        Note(note);
        SkippedError = SkippedError?.RetryAfter is TimeSpan a && error.RetryAfter is TimeSpan b && a <= b ? SkippedError : error;
    }
}
