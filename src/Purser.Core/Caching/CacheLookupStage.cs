using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Purser.Pipeline;
using Purser.Routing;

namespace Purser.Caching;

/// <summary>
/// Looks the call up in the exact cache, after routing and budget tiers (the key holds the final ordered
/// deployments) — and first as the caller asked it, when a tier narrowed it. A hit sets the answer and ends the request stages: no budget reservation, no upstream call,
/// $0, and the answer's tokens recorded as saved. A miss may lead identical calls in flight (coalescing).
/// </summary>
internal sealed class CacheLookupStage(ResponseCache cache, TimeProvider time, ILogger<CacheLookupStage> logger) : IRequestStage
{
    public int Order => StageOrder.Cache;

    public async ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        CachePolicy policy = cache.Policy;
        if (policy.BypassReason(context) is { } reason)
        {
            Bypass(context, reason);
            return;
        }

        CacheDirectives asked = context.CacheDirectives;
        string partition = policy.PartitionOf(context.Attribution);
        CacheKey key = CacheKeyBuilder.Compute(context.Request, partition, context.Route!.Deployments);
        if (context.AsAsked is { } asAsked && !asked.NoRead && await TryAnswerAsAskedAsync(context, asAsked, partition, key, cancellationToken))
        {
            return;
        }

        var call = new CacheCall(key, partition, policy.TtlFor(context.Attribution.Operation, asked.Ttl), canWrite: !asked.NoWrite);
        context.Items[CacheCall.ItemKey] = call;
        CacheLookup found = await cache.LookupAsync(key, read: !asked.NoRead, lead: call.CanWrite, cancellationToken);
        call.Flight = found.Flight;
        if (found.Entry is { } entry && TryAnswer(context, entry))
        {
            return;
        }

        if (asked.NoRead)
        {
            Bypass(context, "no-cache");
        }
        else
        {
            context.CacheStatus = CacheStatus.Miss;
        }
    }

    /// <summary>
    /// A budget tier narrowed the call (cheaper deployments, fewer max tokens): an answer to the call as the caller asked
    /// it, already paid for, is served before the narrowed call is looked up — at $0 it needs no tier. Read only: a miss
    /// here neither leads nor waits for a flight; the narrowed call does.
    /// </summary>
    private async ValueTask<bool> TryAnswerAsAskedAsync(PurserContext context, RequestAsAsked asAsked, string partition, CacheKey narrowed, CancellationToken cancellationToken)
    {
        int? narrowedMaxTokens = context.Request.MaxTokens;
        context.Request.MaxTokens = asAsked.MaxTokens;
        CacheKey key;
        try
        {
            key = CacheKeyBuilder.Compute(context.Request, partition, asAsked.Deployments);
        }
        finally
        {
            context.Request.MaxTokens = narrowedMaxTokens;
        }

        if (key == narrowed || await cache.LookupAsync(key, read: true, lead: false, cancellationToken) is not { Entry: { } entry } || !TryAnswer(context, entry))
        {
            return false;
        }

        context.Request.MaxTokens = asAsked.MaxTokens;
        context.Route!.Replace(asAsked.Deployments, "cache:as-asked", "answered from the cache as asked, before the budget tier narrowed it");
        return true;
    }

    private bool TryAnswer(PurserContext context, CacheEntry entry)
    {
        try
        {
            context.Response = entry.ToResponse();
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            CacheLog.ReadFailed(logger, entry.Key.ToString(), ex);
            return false;
        }

        context.CacheStatus = CacheStatus.Hit;
        context.ServedBy = new Deployment(entry.Provider, entry.Model);
        context.Usage = default;
        context.SavedUsd = entry.CostUsd;
        context.CacheSavedTokens = entry.Usage.TotalTokens;
        context.TimeToFirstToken = time.GetElapsedTime(context.StartTimestamp);
        long age = Math.Max(0, (long)(time.GetUtcNow() - entry.CreatedAt).TotalSeconds);
        context.ResponseHeaders[CacheHeaders.Age] = age.ToString(CultureInfo.InvariantCulture);
        context.ResponseHeaders[CacheHeaders.SavedUsd] = entry.CostUsd is decimal saved ? saved.ToString("0.##########", CultureInfo.InvariantCulture) : "unknown";
        return true;
    }

    private static void Bypass(PurserContext context, string reason)
    {
        context.CacheStatus = CacheStatus.Bypass;
        context.ResponseHeaders[CacheHeaders.Reason] = reason;
    }
}
