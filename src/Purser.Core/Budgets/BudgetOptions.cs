namespace Purser.Budgets;

/// <summary><c>Purser:Budgets</c>: the budgets and how they are enforced.</summary>
public sealed class BudgetOptions
{
    /// <summary>
    /// The time zone windows are calendar-aligned in: an IANA id ("Europe/Berlin"), "UTC", or "local" (the machine's).
    /// Default local.
    /// </summary>
    public string TimeZone { get; set; } = "local";

    /// <summary>The first day of a weekly window. Default Monday.</summary>
    public DayOfWeek WeekStartsOn { get; set; } = DayOfWeek.Monday;

    /// <summary>
    /// How long a reservation holds budget before it is released even though its call never finished (a stuck or
    /// lost call), in seconds. Default 900.
    /// </summary>
    public int ReservationLeaseSeconds { get; set; } = 900;

    /// <summary>
    /// max_tokens written into a call under a hard budget when neither the request nor the pricing catalog gives the
    /// model's output cap, so its worst case is bounded. Default 4096.
    /// </summary>
    public int DefaultMaxOutputTokens { get; set; } = 4096;

    /// <summary>How often the gateway rereads budgets and keys changed by other processes (the CLI), in seconds. Default 5.</summary>
    public int RefreshSeconds { get; set; } = 5;

    public BudgetTierOptions Tiers { get; set; } = new();

    public BudgetAllocationOptions Allocation { get; set; } = new();

    /// <summary>The budgets, by name.</summary>
    public Dictionary<string, BudgetItemOptions> Items { get; set; } = new(StringComparer.Ordinal);
}
