using System.Collections.Concurrent;
using Purser.Assistant.Calls;
using Purser.Chat;
using Purser.Usage;

namespace Purser.Assistant.Tests.TestSupport;

/// <summary>A backend that answers every call with canned text (or a callback), recording what it was sent and how many calls ran at once.</summary>
internal sealed class FakeBackend : IAssistantBackend
{
    private int _inFlight;
    private int _maxInFlight;

    public bool IsRemote { get; set; }

    /// <summary>The answer text of every call (unless <see cref="Answers"/> has one for the call's path).</summary>
    public string Answer { get; set; } = "{}";

    /// <summary>Answers by the value of the prompt's "path" variable.</summary>
    public Dictionary<string, string> Answers { get; } = new(StringComparer.Ordinal);

    public decimal? CostUsd { get; set; } = 0.001m;

    public TokenUsage Usage { get; set; } = new(1000, 200);

    public FinishReason FinishReason { get; set; } = FinishReason.Stop;

    public AssistantError? Error { get; set; }

    /// <summary>Awaited by every call before it answers (to hold calls in flight).</summary>
    public Func<Task>? Gate { get; set; }

    public ConcurrentQueue<(ChatRequest Request, AssistantCallRequest Spec)> Sent { get; } = new();

    public int Calls => Sent.Count;

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public async ValueTask SendAsync(ChatRequest request, AssistantCallRequest spec, AssistantCall call, CancellationToken cancellationToken)
    {
        Sent.Enqueue((request, spec));
        int now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            if (Gate is not null)
            {
                await Gate();
            }

            call.RequestId = "req_fake" + Sent.Count;
            call.ServedBy = request.Model;
            if (Error is not null)
            {
                call.Error = Error;
                return;
            }

            call.Text = spec.Variables.TryGetValue("path", out string? path) && Answers.TryGetValue(path, out string? specific) ? specific : Answer;
            call.Usage = Usage;
            call.CostUsd = CostUsd;
            call.FinishReason = FinishReason;
            call.Elapsed = TimeSpan.FromMilliseconds(5);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
