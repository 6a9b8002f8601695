namespace Purser.Alerts;

/// <summary><c>Purser:Alerts</c>: progressive budget alerts and where they go.</summary>
public sealed class AlertOptions
{
    /// <summary>The levels, in percent of a budget's limit, each fired once per budget per window.</summary>
    public List<int> Levels { get; set; } = [50, 70, 80, 90, 95, 99, 100];

    /// <summary>Webhooks that receive each alert as Slack-compatible JSON.</summary>
    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>Tries per webhook delivery (1 = no retry). Default 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry's delay in seconds; it doubles on each retry. Default 2.</summary>
    public double RetryDelaySeconds { get; set; } = 2;

    /// <summary>Per-attempt time limit for a webhook post, in seconds. Default 10.</summary>
    public int TimeoutSeconds { get; set; } = 10;
}
