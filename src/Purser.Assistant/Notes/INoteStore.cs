namespace Purser.Assistant.Notes;

/// <summary>Developer notes with tags and a status workflow.</summary>
internal interface INoteStore
{
    Task<Note> AddAsync(string text, IReadOnlyList<string> tags, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Notes, newest first, filtered by tag and status when given.</summary>
    Task<IReadOnlyList<Note>> ListAsync(string? tag, NoteStatus? status, CancellationToken cancellationToken);

    /// <summary>Notes whose text or tags contain every word (case-insensitive), most matches first.</summary>
    Task<IReadOnlyList<Note>> SearchAsync(IReadOnlyList<string> words, CancellationToken cancellationToken);

    Task<Note?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Moves a note to <paramref name="status"/>; null when there is no such note.</summary>
    Task<Note?> SetStatusAsync(long id, NoteStatus status, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<NoteStatus, long>> CountsAsync(CancellationToken cancellationToken);
}
