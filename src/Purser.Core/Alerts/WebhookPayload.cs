namespace Purser.Alerts;

/// <summary>What a webhook receives: Slack's <c>text</c>, plus the alert's fields for anything that reads JSON.</summary>
internal sealed record WebhookPayload
{
    public required string Text { get; init; }

    public required string Budget { get; init; }

    public string? Value { get; init; }

    public required string Scope { get; init; }

    public required string Window { get; init; }

    public int Level { get; init; }

    public required string Kind { get; init; }

    public required string Unit { get; init; }

    public decimal Spent { get; init; }

    public decimal Limit { get; init; }

    public decimal Percent { get; init; }

    public DateTimeOffset WindowStart { get; init; }

    public DateTimeOffset? ResetsAt { get; init; }

    public DateTimeOffset Timestamp { get; init; }

    public static WebhookPayload Of(BudgetAlert alert) => new()
    {
        Text = ":warning: Purser: " + alert.Message,
        Budget = alert.Budget,
        Value = alert.Value.Length == 0 ? null : alert.Value,
        Scope = alert.Scope,
        Window = alert.Window,
        Level = alert.Level,
        Kind = alert.Kind,
        Unit = alert.Unit,
        Spent = alert.Spent,
        Limit = alert.Limit,
        Percent = alert.Percent,
        WindowStart = alert.WindowStart,
        ResetsAt = alert.ResetsAt,
        Timestamp = alert.Timestamp,
    };
}
