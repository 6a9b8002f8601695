namespace Purser.Sessions;

/// <summary>A session just started: its record and its virtual key, shown this once and revoked when the session ends.</summary>
internal sealed record SessionStart
{
    public required SessionRecord Session { get; init; }

    /// <summary>The session's virtual key (pk-purser-…).</summary>
    public required string Key { get; init; }
}
