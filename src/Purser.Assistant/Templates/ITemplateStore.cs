namespace Purser.Assistant.Templates;

/// <summary>
/// Learned templates, stored beside the ledger (SQLite: <see cref="SqliteTemplateStore"/>; a PostgreSQL store implements the
/// same contract). Replacing a template's code (an upgrade or an edit) keeps the old version in its history.
/// </summary>
internal interface ITemplateStore
{
    /// <summary>The templates of one operation, language and stack: the candidates a task is matched against.</summary>
    Task<IReadOnlyList<LearnedTemplate>> CandidatesAsync(string operation, string language, string stack, CancellationToken cancellationToken);

    Task<LearnedTemplate?> FindBySignatureAsync(string signature, CancellationToken cancellationToken);

    Task<LearnedTemplate?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Every template, most used first.</summary>
    Task<IReadOnlyList<LearnedTemplate>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds a template (its id is ignored) and returns it with its id. A template with the same signature is an error: use <see cref="ReplaceAsync"/>.</summary>
    Task<LearnedTemplate> AddAsync(LearnedTemplate template, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces template <paramref name="id"/>'s task, parameters, code, score and source with <paramref name="replacement"/>'s,
    /// moving the current version to the history with <paramref name="reason"/>; its usage and savings stay. Null when there is no such template.
    /// </summary>
    Task<LearnedTemplate?> ReplaceAsync(long id, LearnedTemplate replacement, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken);

    /// <summary>Counts one use of the template and what it saved.</summary>
    Task RecordUseAsync(long id, decimal? savedUsd, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The earlier versions of a template, newest first.</summary>
    Task<IReadOnlyList<TemplateVersion>> HistoryAsync(long id, CancellationToken cancellationToken);
}
