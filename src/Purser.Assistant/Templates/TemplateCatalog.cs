namespace Purser.Assistant.Templates;

/// <summary>What <c>purser templates</c> and <c>/api/templates</c> do with learned templates: list, show, similar, edit, delete, export, import.</summary>
internal sealed class TemplateCatalog(ITemplateStore store, TemplateMatcher matcher, TimeProvider time)
{
    public Task<IReadOnlyList<LearnedTemplate>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public async Task<TemplateDetails?> ShowAsync(long id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } template
            ? new TemplateDetails(template, await store.HistoryAsync(id, cancellationToken))
            : null;

    /// <summary>The templates most similar to a task, with whether each would answer it (same language and stack as given).</summary>
    public Task<IReadOnlyList<TemplateCandidate>> SimilarAsync(string task, string? language, IEnumerable<string>? stack, int limit, CancellationToken cancellationToken) =>
        matcher.SimilarAsync(Generation.CodeGenerator.Operation, Languages.LanguageDetector.Find(language ?? "")?.Id ?? "", TaskPattern.NormaliseStack(stack), TaskPattern.Parse(task), limit, cancellationToken);

    /// <summary>Replaces a template's code (placeholders <c>{{purser:Name:form}}</c> of its own parameters only); the old version goes to the history.</summary>
    /// <returns>The edited template, or an error for people (null template: no such template).</returns>
    public async Task<(LearnedTemplate? Template, string? Error)> EditAsync(long id, string code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return (null, "The new code is empty.");
        }

        if (await store.GetAsync(id, cancellationToken) is not { } template)
        {
            return (null, null);
        }

        string[] unknown = [.. TemplateCode.Names(code).Where(n => template.Parameters.All(p => p.Name != n))];
        if (unknown.Length > 0)
        {
            return (null, $"The code uses placeholders of parameters the template does not have ({string.Join(", ", unknown)}); its parameters are: {(template.Parameters.Count == 0 ? "none" : string.Join(", ", template.Parameters.Select(p => p.Name)))}.");
        }

        LearnedTemplate? edited = await store.ReplaceAsync(id, template with { Code = code }, "edited", time.GetUtcNow(), cancellationToken);
        return (edited, null);
    }

    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken) => store.DeleteAsync(id, cancellationToken);

    public async Task<TemplateExport> ExportAsync(CancellationToken cancellationToken)
    {
        var all = new List<TemplateDetails>();
        foreach (LearnedTemplate template in await store.ListAsync(cancellationToken))
        {
            all.Add(new TemplateDetails(template, await store.HistoryAsync(template.Id, cancellationToken)));
        }

        return new TemplateExport(TemplateExport.CurrentFormat, all);
    }

    /// <summary>
    /// Adds the exported templates: a new signature is added (usage starts at zero), one that exists is replaced only when the
    /// imported version scores higher (the old one kept in the history). History in the file is not imported.
    /// </summary>
    /// <returns>How many were added, upgraded and left as they were.</returns>
    public async Task<(int Added, int Upgraded, int Kept)> ImportAsync(TemplateExport export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        if (export.Format != TemplateExport.CurrentFormat)
        {
            throw new FormatException($"The template file has format {export.Format}; this Purser reads format {TemplateExport.CurrentFormat}.");
        }

        int added = 0, upgraded = 0, kept = 0;
        DateTimeOffset now = time.GetUtcNow();
        foreach (TemplateDetails details in export.Templates)
        {
            LearnedTemplate incoming = details.Template;
            if (string.IsNullOrWhiteSpace(incoming.Signature) || string.IsNullOrWhiteSpace(incoming.Code))
            {
                throw new FormatException($"Template {incoming.Id} in the file has no signature or code.");
            }

            if (await store.FindBySignatureAsync(incoming.Signature, cancellationToken) is { } existing)
            {
                if (incoming.Score > existing.Score)
                {
                    await store.ReplaceAsync(existing.Id, incoming, $"imported: score {existing.Score} → {incoming.Score}", now, cancellationToken);
                    upgraded++;
                }
                else
                {
                    kept++;
                }

                continue;
            }

            await store.AddAsync(incoming with { Id = 0, Uses = 0, SavedUsd = 0, LastUsedAt = null, Version = 1, UpdatedAt = now }, cancellationToken);
            added++;
        }

        return (added, upgraded, kept);
    }
}
