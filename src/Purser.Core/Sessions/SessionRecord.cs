namespace Purser.Sessions;

/// <summary>
/// One <c>purser run</c> session as stored: the agent it ran, what its calls are charged to and the limits it ran under.
/// Its id is the id of the session's virtual key, so the session's calls are the ledger rows with that key_id.
/// </summary>
internal sealed record SessionRecord
{
    /// <summary>The session's virtual key id (12 hex digits).</summary>
    public required string Id { get; init; }

    /// <summary>claude, codex, opencode, gemini, qwen, aider, or the command's name.</summary>
    public required string Agent { get; init; }

    /// <summary>The command's name (its arguments are not kept: they may hold a prompt).</summary>
    public string? Command { get; init; }

    /// <summary>The git root of the folder the agent ran in.</summary>
    public string? Repository { get; init; }

    public string? Project { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The model every call was mapped to (--model / --yolo); null = as the agent asked.</summary>
    public string? Model { get; init; }

    /// <summary>The hard dollar budget of the session (--budget).</summary>
    public decimal? BudgetUsd { get; init; }

    /// <summary>The token budget of the session (--tokens).</summary>
    public long? BudgetTokens { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The agent's exit code, once it ended.</summary>
    public int? ExitCode { get; init; }
}
