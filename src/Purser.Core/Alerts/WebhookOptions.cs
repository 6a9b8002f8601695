namespace Purser.Alerts;

/// <summary>One webhook alerts are posted to (<c>Purser:Alerts:Webhooks:&lt;n&gt;</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>The URL (Slack incoming webhook, Teams workflow, anything that takes JSON). A value or env:VAR.</summary>
    public string? Url { get; set; }

    /// <summary>Extra request headers (e.g. an authorization token).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Only alerts at or above this level (percent) are sent here. Default 0 (all).</summary>
    public int MinLevel { get; set; }
}
