namespace Purser.Assistant.Notes;

/// <summary>A developer note: text, tags and a status.</summary>
internal sealed record Note
{
    public long Id { get; init; }

    public required string Text { get; init; }

    public NoteStatus Status { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the text or status last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
