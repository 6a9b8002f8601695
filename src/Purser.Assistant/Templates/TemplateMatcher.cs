namespace Purser.Assistant.Templates;

/// <summary>
/// Finds the template that answers a task. The rule: the same operation, language and stack; every parameter the template
/// uses is named in the task; and the task's similarity (<see cref="TaskPattern.Similarity"/>) at least the threshold
/// (<c>Purser:Templates:Similarity</c>, 0.85). Of several, the most similar wins, then the higher score, then the most used.
/// </summary>
internal sealed class TemplateMatcher(ITemplateStore store, TemplateOptions options)
{
    public TemplateOptions Options => options;

    /// <summary>The matching template with the task's parameters written in, or null (then Best is the nearest candidate, if any).</summary>
    public async Task<(TemplateMatch? Match, TemplateCandidate? Best)> MatchAsync(string operation, string language, string stack, TaskPattern task, double threshold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        IReadOnlyList<LearnedTemplate> candidates = await store.CandidatesAsync(operation, language, stack, cancellationToken);
        TemplateCandidate? best = candidates
            .Select(t => Compare(t, task, language, stack, threshold))
            .OrderByDescending(c => c.WouldMatch)
            .ThenByDescending(c => c.Similarity)
            .ThenByDescending(c => c.Template.Score)
            .ThenByDescending(c => c.Template.Uses)
            .FirstOrDefault();
        if (best is not { WouldMatch: true })
        {
            return (null, best);
        }

        return (new TemplateMatch(best.Template, best.Similarity, task.Parameters, TemplateCode.Instantiate(best.Template.Code, task.Parameters)), best);
    }

    /// <summary>Every template of <paramref name="operation"/> compared with the task, most similar first.</summary>
    public async Task<IReadOnlyList<TemplateCandidate>> SimilarAsync(string operation, string language, string stack, TaskPattern task, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        IReadOnlyList<LearnedTemplate> all = await store.ListAsync(cancellationToken);
        return [.. all
            .Where(t => string.Equals(t.Operation, operation, StringComparison.Ordinal))
            .Select(t => Compare(t, task, language, stack, options.Similarity))
            .OrderByDescending(c => c.Similarity)
            .ThenByDescending(c => c.WouldMatch)
            .Take(limit)];
    }

    private static TemplateCandidate Compare(LearnedTemplate template, TaskPattern task, string language, string stack, double threshold)
    {
        double similarity = task.Similarity(Pattern(template));
        bool sameLanguage = string.Equals(template.Language, language, StringComparison.Ordinal);
        bool sameStack = string.Equals(template.Stack, stack, StringComparison.Ordinal);
        var names = task.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        bool hasParameters = TemplateCode.Names(template.Code).All(names.Contains);
        return new TemplateCandidate(template, similarity, sameLanguage, sameStack, hasParameters, sameLanguage && sameStack && hasParameters && similarity >= threshold);
    }

    private static TaskPattern Pattern(LearnedTemplate template) => TaskPattern.FromWords(template.Task, template.Parameters, template.Pattern);
}
