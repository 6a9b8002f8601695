namespace Purser.Sessions;

/// <summary>A session's budgets as its ledger rows spent them: limit, used and left, in dollars and in tokens.</summary>
internal sealed record SessionBudget
{
    public decimal? LimitUsd { get; init; }

    public decimal UsedUsd { get; init; }

    /// <summary>limit − used, never below 0; null without a dollar budget.</summary>
    public decimal? LeftUsd { get; init; }

    public long? LimitTokens { get; init; }

    /// <summary>Prompt + output tokens, as token budgets count them.</summary>
    public long UsedTokens { get; init; }

    public long? LeftTokens { get; init; }

    /// <summary>Whether a limit is reached or a call was refused for lack of budget.</summary>
    public bool Exhausted { get; init; }

    /// <summary>Whether a limit is reached (used ≥ limit); a call can be refused before that, when its worst case is larger than what is left.</summary>
    public bool UsedUp => (LimitUsd is decimal usd && UsedUsd >= usd) || (LimitTokens is long tokens && UsedTokens >= tokens);

    /// <summary>The gateway's message for the latest call the session's budget refused (its worst case and the room left); null when none was.</summary>
    public string? LastRefusal { get; init; }
}
