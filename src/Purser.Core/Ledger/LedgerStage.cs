using Purser.Chat;
using Purser.Errors;
using Purser.Pipeline;

namespace Purser.Ledger;

/// <summary>
/// Records the call — success, failure, refusal or cache hit — as one ledger row with its attempts. In strict
/// durability the stage returns only once the row is committed, so the answer's last byte follows the commit; when
/// the row cannot be committed the caller gets a 503 instead of the answer (a stream ends with an error event), and
/// the row set aside to be written later says so.
/// </summary>
internal sealed class LedgerStage(LedgerWriter writer) : ICompletionStage
{
    public int Order => StageOrder.Ledger;

    public async ValueTask CompleteAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (context.Unrecorded)
        {
            return;
        }

        if (await writer.AppendAsync(ToEntry(context), cancellationToken))
        {
            return;
        }

        // Strict durability and the row did not reach the database: the caller must not get an answer the ledger
        // does not hold. The corrected row (the 503, the money spent) replaces the one set aside.
        context.Error = LedgerErrors.Unavailable(writer.Status);
        await writer.AppendAsync(ToEntry(context), cancellationToken);
    }

    /// <summary>The ledger row for a completed context.</summary>
    public static LedgerEntry ToEntry(PurserContext context)
    {
        Attribution who = context.Attribution;
        var usage = context.Usage;
        return new LedgerEntry
        {
            Timestamp = context.StartedAt,
            RequestId = context.RequestId,
            KeyId = who.KeyId,
            User = who.User,
            Project = who.Project,
            Agent = who.Agent,
            Operation = who.Operation,
            Repository = who.Repository,
            Tags = who.Tags,
            RequestedModel = context.Request.Model,
            Provider = context.ServedBy?.Provider ?? context.Attempts.LastOrDefault()?.Deployment.Provider,
            Model = context.ServedBy?.Model ?? context.Attempts.LastOrDefault()?.Deployment.Model,
            // provider/model (reports group by it); which key of a provider with several served is in the attempts.
            Deployment = context.ServedBy?.Target ?? context.Attempts.LastOrDefault()?.Deployment.Target,
            InputTokens = context.Attempts.Sum(a => a.Usage.InputTokens) + (context.Attempts.Count == 0 ? usage.InputTokens : 0),
            CachedInputTokens = context.Attempts.Sum(a => a.Usage.CachedInputTokens) + (context.Attempts.Count == 0 ? usage.CachedInputTokens : 0),
            CacheWriteTokens = context.Attempts.Sum(a => a.Usage.CacheWriteTokens) + (context.Attempts.Count == 0 ? usage.CacheWriteTokens : 0),
            OutputTokens = context.Attempts.Sum(a => a.Usage.OutputTokens) + (context.Attempts.Count == 0 ? usage.OutputTokens : 0),
            ReasoningTokens = context.Attempts.Sum(a => a.Usage.ReasoningTokens) + (context.Attempts.Count == 0 ? usage.ReasoningTokens : 0),
            CostUsd = context.CostUsd,
            CostEstimated = usage.IsEstimated || context.Attempts.Any(a => a.Usage.IsEstimated),
            SavedUsd = context.SavedUsd,
            TokensSaved = context.TokensSaved,
            LatencyMs = (context.Latency ?? TimeSpan.Zero).TotalMilliseconds,
            TimeToFirstTokenMs = context.TimeToFirstToken?.TotalMilliseconds,
            Status = context.StatusCode,
            Outcome = context.Error is null ? "ok" : context.Error.Kind.ToName(),
            ErrorMessage = context.Error?.Message,
            Attempts = context.Attempts.Count,
            CacheHit = context.CacheStatus == CacheStatus.Hit,
            CacheOutcome = context.CacheStatus switch
            {
                CacheStatus.Hit => "hit",
                CacheStatus.Miss => "miss",
                CacheStatus.Bypass => "bypass",
                CacheStatus.Template => "template",
                _ => null,
            },
            CacheSavedTokens = context.CacheSavedTokens,
            Stream = context.Request.Stream,
            Protocol = context.Origin ?? Protocol(context.Request.SourceProtocol),
            Route = context.Route?.Rule,
            RouteReason = context.Route?.Reason,
            BudgetTier = context.BudgetTier,
            Settlement = Budgets.BudgetCall.Of(context)?.Settlement,
            Guard = context.Guard,
            AttemptDetails = [.. context.Attempts.Select(a => new LedgerAttempt(
                a.Number,
                a.Deployment.Id,
                a.StartedAt,
                a.Elapsed.TotalMilliseconds,
                a.Error is null ? "ok" : a.Error.Kind.ToName(),
                a.Error?.UpstreamStatus,
                a.Usage.InputTokens,
                a.Usage.CachedInputTokens,
                a.Usage.CacheWriteTokens,
                a.Usage.OutputTokens,
                a.Usage.ReasoningTokens,
                a.CostUsd))],
        };
    }

    private static string Protocol(WireProtocol protocol) => protocol switch
    {
        WireProtocol.OpenAIChat => "openai",
        WireProtocol.AnthropicMessages => "anthropic",
        WireProtocol.OpenAIResponses => "responses",
        WireProtocol.OpenAIEmbeddings => "openai",
        WireProtocol.Gemini => "gemini",
        _ => "sdk",
    };
}
