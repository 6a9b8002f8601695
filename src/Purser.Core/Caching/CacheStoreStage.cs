using Microsoft.Extensions.Logging;
using Purser.Chat;
using Purser.Pipeline;

namespace Purser.Caching;

/// <summary>
/// Stores a successful, complete answer (after the ledger): no error, a stream that reached its natural end, a
/// natural finish (stop, stop sequence or tool calls — not length, content filter or refusal), and only text,
/// thinking and tool calls. Ends the call's flight, so identical calls waiting for it get the entry — or go
/// upstream themselves when nothing was stored.
/// </summary>
internal sealed class CacheStoreStage(ResponseCache cache, TimeProvider time, ILogger<CacheStoreStage> logger) : ICompletionStage
{
    public int Order => StageOrder.CacheStore;

    public ValueTask CompleteAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (!context.Items.TryGetValue(CacheCall.ItemKey, out object? item) || item is not CacheCall call)
        {
            return ValueTask.CompletedTask;
        }

        CacheEntry? stored = null;
        try
        {
            if (call.CanWrite && IsStorable(context))
            {
                CacheEntry entry = Build(context, call);
                if (entry.Bytes <= cache.Policy.Options.MaxEntryBytes)
                {
                    cache.Store(entry);
                    stored = entry;
                }
            }
        }
        catch (Exception ex)
        {
            CacheLog.StoreFailed(logger, context.RequestId, ex);
        }
        finally
        {
            if (call.Flight is { } flight)
            {
                cache.Complete(flight, stored);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Whether the call's answer may be cached.</summary>
    public static bool IsStorable(PurserContext context) =>
        !context.CacheStatus.IsAnsweredLocally()
        && context.Error is null
        && context.ServedBy is not null
        && (context.Stream is null || context.Stream.Finished)
        && context.Response is { } response
        && response.FinishReason is FinishReason.Stop or FinishReason.StopSequence or FinishReason.ToolCalls
        && CachedAnswer.CanStore(response);

    private CacheEntry Build(PurserContext context, CacheCall call)
    {
        DateTimeOffset now = time.GetUtcNow();
        AttemptRecord? served = context.Attempts.LastOrDefault(a => a.Error is null && a.Deployment == context.ServedBy);
        return new CacheEntry
        {
            Key = call.Key,
            Partition = call.Partition,
            Operation = context.Attribution.Operation,
            Provider = context.ServedBy!.Provider,
            Model = context.ServedBy.Model,
            CreatedAt = now,
            ExpiresAt = now + call.Ttl,
            Response = CachedAnswer.Serialize(context.Response!),
            Usage = context.Usage,
            CostUsd = served is not null ? served.CostUsd : context.CostUsd,
            FromStream = context.Request.Stream,
        };
    }
}
