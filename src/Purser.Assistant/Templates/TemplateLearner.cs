namespace Purser.Assistant.Templates;

/// <summary>
/// Learns a validated generation as a template: parameters taken out of the task and the code, a new template for a new
/// signature, an upgrade (old version kept in the history) when a generation for the same signature scores higher.
/// </summary>
internal sealed class TemplateLearner(ITemplateStore store, TemplateOptions options, TimeProvider time)
{
    /// <summary>What happened: the template (null when nothing was learned) and a sentence for people.</summary>
    public sealed record Outcome(LearnedTemplate? Template, string Message);

    public async Task<Outcome> LearnAsync(string operation, string language, string stack, string task, string answer, int? score, string? sourceModel, decimal? costUsd, CancellationToken cancellationToken)
    {
        if (!options.Allows(operation))
        {
            return new Outcome(null, $"not learned: the operation {operation} does not use templates (Purser:Templates:Operations)");
        }

        if (score is not int s)
        {
            return new Outcome(null, "not learned: the code could not be validated (no file in a language the validator knows)");
        }

        if (s < options.MinScore)
        {
            return new Outcome(null, $"not learned: the score {s} is below {options.MinScore} (Purser:Templates:MinScore)");
        }

        TaskPattern pattern = TaskPattern.Parse(task);
        string? code = TemplateCode.Parameterise(answer, pattern.Parameters);
        if (code is null)
        {
            return new Outcome(null, "not learned: the code could not be turned into a template that gives it back exactly");
        }

        DateTimeOffset now = time.GetUtcNow();
        var template = new LearnedTemplate
        {
            Signature = TaskPattern.Signature(operation, language, stack, pattern),
            Operation = operation,
            Language = language,
            Stack = stack,
            Task = pattern.Task,
            Pattern = pattern.Text,
            Parameters = pattern.Parameters,
            Code = code,
            Score = s,
            SourceModel = sourceModel,
            SourceCostUsd = costUsd,
            CreatedAt = now,
            UpdatedAt = now,
        };
        string parameters = pattern.Parameters.Count == 0 ? "no parameters" : string.Join(", ", pattern.Parameters.Select(p => $"{p.Name}={p.Value}"));
        if (await store.FindBySignatureAsync(template.Signature, cancellationToken) is { } existing)
        {
            if (s <= existing.Score)
            {
                return new Outcome(null, $"not learned: template {existing.Id} already answers this task with score {existing.Score} (≥ {s})");
            }

            LearnedTemplate? upgraded = await store.ReplaceAsync(existing.Id, template, $"upgraded: score {existing.Score} → {s}", now, cancellationToken);
            return upgraded is null
                ? new Outcome(null, "not learned: the template to upgrade was deleted meanwhile")
                : new Outcome(upgraded, $"upgraded template {upgraded.Id} to version {upgraded.Version} (score {existing.Score} → {s}; {parameters})");
        }

        LearnedTemplate added = await store.AddAsync(template, cancellationToken);
        return new Outcome(added, $"learned as template {added.Id} ({parameters})");
    }
}
