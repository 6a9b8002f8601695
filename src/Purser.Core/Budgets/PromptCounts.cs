using Purser.Pipeline;
using Purser.Tokens;

namespace Purser.Budgets;

/// <summary>
/// One call's prompt token counts, per tokenizer, kept in <see cref="PurserContext.Items"/> so that the stages that
/// estimate the call's worst case (rate limits, load balancing, the budget reservation) count the prompt once between
/// them instead of once each. The prompt does not change after the route is taken (the guard and compression run
/// before it; what the later stages change is the output limit and the deployments, which are not cached here), so a
/// count taken by the first of them is the count the others would take.
/// </summary>
internal sealed class PromptCounts
{
    private static readonly object ItemKey = new();

    // Nearly every call is counted with one tokenizer; a route over several model families adds the others.
    private string? _model;
    private TokenCount _count;
    private Dictionary<string, TokenCount>? _others;

    /// <summary>The counts of <paramref name="context"/>'s call (created on first use).</summary>
    public static PromptCounts Of(PurserContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out object? value) && value is PromptCounts counts)
        {
            return counts;
        }

        var created = new PromptCounts();
        context.Items[ItemKey] = created;
        return created;
    }

    /// <summary>The count already taken with the tokenizer of <paramref name="model"/>, if any.</summary>
    public bool TryGet(string model, out TokenCount count)
    {
        if (_model is not null && string.Equals(_model, model, StringComparison.OrdinalIgnoreCase))
        {
            count = _count;
            return true;
        }

        count = default;
        return _others is not null && _others.TryGetValue(model, out count);
    }

    /// <summary>Keeps the count taken with the tokenizer of <paramref name="model"/>.</summary>
    public void Add(string model, TokenCount count)
    {
        if (_model is null)
        {
            _model = model;
            _count = count;
            return;
        }

        (_others ??= new Dictionary<string, TokenCount>(StringComparer.OrdinalIgnoreCase))[model] = count;
    }
}
