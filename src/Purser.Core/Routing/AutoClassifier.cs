using System.Text.RegularExpressions;
using Purser.Chat;
using Purser.Tokens;

namespace Purser.Routing;

/// <summary>
/// Classifies a request for the <c>auto</c> model, first rule that decides wins: the call's operation (e.g.
/// <c>code_review</c> → smart); keywords in the latest user turn, as whole words (the tier with the most hits, ties by
/// <see cref="AutoRoutingOptions.TieOrder"/>); the prompt's size in tokens; the default tier.
/// </summary>
internal sealed class AutoClassifier
{
    private readonly (string Tier, Regex Pattern)[] _keywords;
    private readonly Dictionary<string, string> _operations;
    private readonly Dictionary<string, string> _tiers;
    private readonly string[] _tieOrder;
    private readonly AutoRoutingOptions _options;

    public AutoClassifier(AutoRoutingOptions options)
    {
        _options = options;
        var keywords = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (options.UseDefaultKeywords)
        {
            foreach (var (tier, words) in RoutingDefaults.Keywords)
            {
                keywords[tier] = words;
            }
        }

        foreach (var (tier, words) in options.Keywords)
        {
            keywords[tier] = [.. words.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => w.Trim())];
        }

        Keywords = keywords;
        _keywords = [.. keywords.Where(k => k.Value.Count > 0).Select(k => (k.Key, Compile(k.Value)))];

        _operations = new Dictionary<string, string>(RoutingDefaults.Operations, StringComparer.OrdinalIgnoreCase);
        foreach (var (operation, tier) in options.Operations)
        {
            if (string.IsNullOrWhiteSpace(tier))
            {
                _operations.Remove(operation);
            }
            else
            {
                _operations[operation] = tier.Trim();
            }
        }

        _tiers = new Dictionary<string, string>(options.Tiers, StringComparer.OrdinalIgnoreCase);
        _tieOrder = options.TieOrder.Count > 0 ? [.. options.TieOrder] : [.. RoutingDefaults.TieOrder];
    }

    /// <summary>The keyword lists in force, per tier.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Keywords { get; }

    /// <summary>The operation → tier table in force.</summary>
    public IReadOnlyDictionary<string, string> Operations => _operations;

    /// <summary>Every tier some rule can choose.</summary>
    public IEnumerable<string> Tiers =>
        Keywords.Keys.Concat(_operations.Values).Append(_options.DefaultTier).Append(_options.LargePromptTier).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The alias that serves <paramref name="tier"/>.</summary>
    public string AliasFor(string tier) => _tiers.TryGetValue(tier, out string? alias) && !string.IsNullOrWhiteSpace(alias) ? alias.Trim() : tier;

    /// <summary>Classifies <paramref name="request"/> (null: only the operation and the default apply).</summary>
    public AutoClassification Classify(ChatRequest? request, string? operation)
    {
        if (operation is not null && _operations.TryGetValue(operation, out string? byOperation))
        {
            return new AutoClassification(byOperation, "operation", $"operation '{operation}' → {byOperation}");
        }

        if (request is not null)
        {
            if (ByKeywords(request.LatestUserText()) is { } byKeyword)
            {
                return byKeyword;
            }

            if (_options.LargePromptTokens > 0 && PromptTokens(request, _options.LargePromptTokens) is long tokens && tokens >= _options.LargePromptTokens)
            {
                return new AutoClassification(_options.LargePromptTier, "size", $"prompt of {tokens} tokens (≥ {_options.LargePromptTokens}) → {_options.LargePromptTier}");
            }
        }

        return new AutoClassification(_options.DefaultTier, "default", $"no rule matched → {_options.DefaultTier}");
    }

    private AutoClassification? ByKeywords(string text)
    {
        if (text.Length == 0 || _keywords.Length == 0)
        {
            return null;
        }

        string? best = null;
        int bestHits = 0;
        List<string>? words = null;
        foreach (var (tier, pattern) in _keywords)
        {
            int hits = 0;
            List<string> found = [];
            foreach (Match match in pattern.Matches(text))
            {
                hits++;
                if (found.Count < 3 && !found.Contains(match.Value, StringComparer.OrdinalIgnoreCase))
                {
                    found.Add(match.Value.ToLowerInvariant());
                }
            }

            if (hits > bestHits || (hits == bestHits && hits > 0 && Rank(tier) < Rank(best!)))
            {
                best = tier;
                bestHits = hits;
                words = found;
            }
        }

        return best is null
            ? null
            : new AutoClassification(best, "keyword", $"keyword{(bestHits == 1 ? "" : "s")} {string.Join(", ", words!.Select(w => "'" + w + "'"))} → {best}");
    }

    private int Rank(string tier)
    {
        int index = Array.FindIndex(_tieOrder, t => string.Equals(t, tier, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? int.MaxValue : index;
    }

    /// <summary>The prompt's tokens, or null when it is plainly below <paramref name="threshold"/> (fewer characters than that).</summary>
    private static long? PromptTokens(ChatRequest request, int threshold)
    {
        long characters = request.System.Sum(s => (long)s.Text.Length);
        foreach (ChatMessage message in request.Messages)
        {
            foreach (ContentPart part in message.Content)
            {
                characters += part is TextPart t ? t.Text.Length : threshold; // anything else may be large: count
            }
        }

        return characters < threshold ? null : ChatTokenCounter.ForModel("gpt-4o").CountPrompt(request).Tokens;
    }

    /// <summary>
    /// The tier's words as one whole-word pattern. The non-backtracking engine matches in time linear in the text, so no
    /// match timeout is needed: a timeout made the classification depend on the machine's load (a busy machine timed a
    /// tier's match out and chose another tier).
    /// </summary>
    private static Regex Compile(IReadOnlyList<string> words) =>
        new(@"\b(?:" + string.Join("|", words.OrderByDescending(w => w.Length).Select(Regex.Escape)) + @")\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
}
