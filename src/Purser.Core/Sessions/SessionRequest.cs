namespace Purser.Sessions;

/// <summary>The body of POST /api/sessions (what <c>purser run</c> sends a running gateway).</summary>
internal sealed class SessionRequest
{
    public string? Agent { get; set; }

    public string? Command { get; set; }

    public string? Repository { get; set; }

    public string? Project { get; set; }

    public List<string>? Tags { get; set; }

    /// <summary>The model every call is mapped to: cheap, smart, fast, auto or provider/model.</summary>
    public string? Model { get; set; }

    /// <summary>A hard budget in dollars for the whole session.</summary>
    public decimal? BudgetUsd { get; set; }

    /// <summary>A token budget (prompt + output tokens) for the whole session.</summary>
    public long? BudgetTokens { get; set; }
}
