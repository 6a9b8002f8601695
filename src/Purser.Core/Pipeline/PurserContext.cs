using Purser.Chat;
using Purser.Errors;
using Purser.Routing;
using Purser.Usage;

namespace Purser.Pipeline;

/// <summary>
/// Everything one call carries through the pipeline. Stages share it; they never reach into each other.
/// </summary>
internal sealed class PurserContext(ChatRequest request, string requestId, DateTimeOffset startedAt, long startTimestamp)
{
    public string RequestId { get; } = requestId;

    public ChatRequest Request { get; } = request;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>TimeProvider timestamp at the start, for latency.</summary>
    public long StartTimestamp { get; } = startTimestamp;

    public Attribution Attribution { get; set; } = new();

    /// <summary>Control headers from the client (every x-purser-* header and Cache-Control), lower-case names.</summary>
    public Dictionary<string, string> RequestHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    public RouteDecision? Route { get; set; }

    /// <summary>The models the caller's virtual key may call (names, aliases, provider/* wildcards); null = any.</summary>
    public IReadOnlyList<string>? AllowedModels { get; set; }

    /// <summary>The model the caller's virtual key maps every call to (a <c>purser run</c> session's --model); null = as asked.</summary>
    public string? MappedModel { get; set; }

    public CacheStatus CacheStatus { get; set; } = CacheStatus.None;

    /// <summary>What the caller asked of the cache (Cache-Control, x-purser-cache, x-purser-cache-ttl).</summary>
    public Caching.CacheDirectives CacheDirectives { get; set; }

    public List<AttemptRecord> Attempts { get; } = [];

    /// <summary>Set when the call failed or was refused; short-circuits the request stages.</summary>
    public PurserError? Error { get; set; }

    /// <summary>The complete answer (non-streamed, from cache, or reassembled from a finished stream).</summary>
    public ChatResponse? Response { get; set; }

    /// <summary>The answer's body as the upstream sent it, for same-protocol passthrough.</summary>
    public ReadOnlyMemory<byte> ResponseRaw { get; set; }

    /// <summary>The protocol <see cref="ResponseRaw"/> is in.</summary>
    public WireProtocol? ResponseProtocol { get; set; }

    /// <summary>The live answer of a streaming call.</summary>
    public PurserStream? Stream { get; set; }

    /// <summary>The deployment that produced the answer.</summary>
    public Deployment? ServedBy { get; set; }

    /// <summary>Usage of the served answer (the attempts' billed tokens are in <see cref="Attempts"/>).</summary>
    public TokenUsage Usage { get; set; }

    /// <summary>Total cost over all attempts; null when unknown (no price for the model).</summary>
    public decimal? CostUsd { get; set; }

    /// <summary>Cost the cache saved (on a hit).</summary>
    public decimal? SavedUsd { get; set; }

    /// <summary>Tokens of the answer a cache hit replayed: saved, not billed (the hit's billed usage is 0).</summary>
    public long CacheSavedTokens { get; set; }

    /// <summary>Prompt tokens removed by compression.</summary>
    public long TokensSaved { get; set; }

    /// <summary>The budget tier the call ran under (any, cheap, emergency), when budgets apply.</summary>
    public string? BudgetTier { get; set; }

    /// <summary>What the secret guard did, as x-purser-guard says it (action; kinds and places, never a value); null when it found nothing.</summary>
    public string? Guard { get; set; }

    /// <summary>Where the call came from when not an HTTP protocol (cli, sdk); recorded in the ledger.</summary>
    public string? Origin { get; set; }

    public TimeSpan? TimeToFirstToken { get; set; }

    /// <summary>The request as asked, when a budget tier narrowed it (set by the tier stage, read by the cache lookup).</summary>
    public RequestAsAsked? AsAsked { get; set; }

    /// <summary>This call's own per-attempt time limit (the x-purser-timeout header), used only where shorter than the provider's.</summary>
    public TimeSpan? AttemptTimeout { get; set; }

    public TimeSpan? Latency { get; set; }

    /// <summary>Extra response headers stages want sent (e.g. x-purser-budget-remaining-usd).</summary>
    public Dictionary<string, string> ResponseHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per-stage state, keyed by the stage's own key objects.</summary>
    public Dictionary<object, object?> Items { get; } = [];

    /// <summary>Warnings to log and record (unknown price, estimated usage, ...).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>The call's span, when anything listens to Purser's traces.</summary>
    internal System.Diagnostics.Activity? Activity { get; set; }

    /// <summary>Whether the completion stages have run.</summary>
    public bool IsCompleted { get; internal set; }

    /// <summary>
    /// Tokens the call used upstream — prompt + output over every attempt, as the ledger counts them; none when it was
    /// answered locally (cache, template). What token budgets and token rate limits are charged.
    /// </summary>
    public long UpstreamTokens => CacheStatus.IsAnsweredLocally() ? 0
        : Attempts.Count == 0 ? Usage.InputTokens + Usage.OutputTokens
        : Attempts.Sum(a => a.Usage.InputTokens + a.Usage.OutputTokens);

    /// <summary>The call was refused because the ledger cannot record calls: it gets no row (there is nowhere to put it).</summary>
    public bool Unrecorded { get; internal set; }

    /// <summary>The HTTP status the call ended with, for the ledger.</summary>
    public int StatusCode => Error?.StatusCode ?? 200;
}
