namespace Purser.FunctionalTests.Infrastructure;

/// <summary>How a fake upstream behaves for the next requests.</summary>
public sealed class FakeScenario
{
    public FakeAnswer Answer { get; set; } = new("Hello from the fake upstream.");

    /// <summary>Answer with this HTTP error status instead.</summary>
    public int? ErrorStatus { get; set; }

    public string ErrorMessage { get; set; } = "fake upstream error";

    /// <summary>Extra response headers on errors (e.g. retry-after).</summary>
    public Dictionary<string, string> ErrorHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Send a 200 whose body is not valid JSON.</summary>
    public bool MalformedBody { get; set; }

    /// <summary>Streams: stop after this many events, without the protocol's end (a cut-off stream).</summary>
    public int? CutStreamAfterEvents { get; set; }

    /// <summary>With <see cref="CutStreamAfterEvents"/>: reset the connection instead of ending the response cleanly.</summary>
    public bool AbortOnCut { get; set; }

    /// <summary>Streams: after the first event, wait for this gate before sending the rest.</summary>
    public TaskCompletionSource? HoldAfterFirstEvent { get; set; }

    /// <summary>Wait for this gate before answering at all (timeouts).</summary>
    public TaskCompletionSource? HoldBeforeAnswer { get; set; }

    /// <summary>Called when the first streamed event has been flushed.</summary>
    public TaskCompletionSource? FirstEventSent { get; set; }
}
