using System.Text;
using Microsoft.AspNetCore.Http;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>A provider's documented wire format, as a fake upstream writes it.</summary>
public abstract class UpstreamWire
{
    /// <summary>The provider kind in Purser's configuration.</summary>
    public abstract string Kind { get; }

    /// <summary>The BaseUrl to configure for a fake at <paramref name="url"/>.</summary>
    public abstract string BaseUrl(string url);

    public abstract bool IsStreamRequest(ReceivedRequest request);

    public abstract string CompletionBody(ReceivedRequest request, FakeAnswer answer);

    public abstract IReadOnlyList<string> StreamEvents(ReceivedRequest request, FakeAnswer answer);

    public abstract string ErrorBody(int status, string message);

    /// <summary>Answers per <paramref name="scenario"/>.</summary>
    public async Task AnswerAsync(HttpContext http, ReceivedRequest request, FakeScenario scenario)
    {
        CancellationToken aborted = http.RequestAborted;
        if (scenario.HoldBeforeAnswer is { } hold)
        {
            await hold.Task.WaitAsync(aborted);
        }

        if (scenario.ErrorStatus is int status)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            foreach (var (name, value) in scenario.ErrorHeaders)
            {
                http.Response.Headers[name] = value;
            }

            await http.Response.WriteAsync(ErrorBody(status, scenario.ErrorMessage), aborted);
            return;
        }

        if (scenario.MalformedBody)
        {
            http.Response.ContentType = IsStreamRequest(request) ? "text/event-stream" : "application/json";
            await http.Response.WriteAsync(IsStreamRequest(request) ? "data: {\"choices\": [tru\n\n" : "{\"id\": \"x\", \"choices\": [", aborted);
            return;
        }

        if (!IsStreamRequest(request))
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(CompletionBody(request, scenario.Answer), aborted);
            return;
        }

        http.Response.ContentType = "text/event-stream";
        IReadOnlyList<string> events = StreamEvents(request, scenario.Answer);
        for (int i = 0; i < events.Count; i++)
        {
            if (scenario.CutStreamAfterEvents is int cut && i >= cut)
            {
                if (scenario.AbortOnCut)
                {
                    http.Abort(); // a reset connection
                }

                return; // or a clean end of the HTTP response without the protocol's end
            }

            await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(events[i]), aborted);
            await http.Response.Body.FlushAsync(aborted);
            if (i == 0)
            {
                scenario.FirstEventSent?.TrySetResult();
                if (scenario.HoldAfterFirstEvent is { } gate)
                {
                    await gate.Task.WaitAsync(aborted);
                }
            }
        }
    }

    /// <summary>Splits text into a few deltas, as a real stream would.</summary>
    protected static List<string> Pieces(string text)
    {
        var pieces = new List<string>();
        int size = Math.Max(1, text.Length / 3);
        for (int i = 0; i < text.Length; i += size)
        {
            pieces.Add(text.Substring(i, Math.Min(size, text.Length - i)));
        }

        return pieces;
    }
}
