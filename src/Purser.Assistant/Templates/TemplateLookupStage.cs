using System.Globalization;
using Purser.Chat;
using Purser.Pipeline;
using Purser.Routing;

namespace Purser.Assistant.Templates;

/// <summary>
/// After the exact cache and before the budget reservation: a generation call that carries a <see cref="TemplateQuery"/>
/// is answered from a matching learned template — no upstream call, $0, the source generation's cost recorded as saved
/// (ledger cache_status <c>template</c>). Never for multi-turn chats, and only for the operations in
/// <c>Purser:Templates:Operations</c>. As it runs before the reservation, a template still answers when a hard budget has no room.
/// </summary>
internal sealed class TemplateLookupStage(TemplateMatcher matcher, ITemplateStore store, TimeProvider time) : IRequestStage
{
    /// <summary>The response header naming the template that answered.</summary>
    public const string Header = "x-purser-template";

    public int Order => StageOrder.Cache + 50;

    public async ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (!context.Items.TryGetValue(TemplateQuery.ItemKey, out object? item) || item is not TemplateQuery query)
        {
            return;
        }

        if (!matcher.Options.Allows(context.Attribution.Operation))
        {
            query.Skipped = $"the operation {context.Attribution.Operation} does not use templates (Purser:Templates:Operations)";
            return;
        }

        if (IsMultiTurn(context.Request))
        {
            query.Skipped = "a multi-turn chat is never answered from a template";
            return;
        }

        double threshold = query.Fallback ? matcher.Options.FallbackSimilarity : matcher.Options.Similarity;
        (TemplateMatch? match, TemplateCandidate? best) = await matcher.MatchAsync(context.Attribution.Operation!, query.Language, query.Stack, query.Task, threshold, cancellationToken);
        query.Best = best;
        if (match is null)
        {
            return;
        }

        var response = new ChatResponse { Id = "tpl_" + match.Template.Id.ToString(CultureInfo.InvariantCulture), Model = "template", FinishReason = FinishReason.Stop };
        response.Content.Add(new TextPart(match.Code));
        context.Response = response;
        context.CacheStatus = CacheStatus.Template;
        context.ServedBy = new Deployment("template", match.Template.Id.ToString(CultureInfo.InvariantCulture));
        context.Usage = default;
        context.SavedUsd = match.Template.SourceCostUsd;
        context.TimeToFirstToken = time.GetElapsedTime(context.StartTimestamp);
        context.ResponseHeaders[Header] = match.Template.Id.ToString(CultureInfo.InvariantCulture);
        query.Match = match;
        await store.RecordUseAsync(match.Template.Id, match.Template.SourceCostUsd, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>More than one user turn, or any assistant or tool turn.</summary>
    public static bool IsMultiTurn(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Messages.Count(m => m.Role == ChatRole.User) > 1 || request.Messages.Any(m => m.Role is ChatRole.Assistant or ChatRole.Tool);
    }
}
