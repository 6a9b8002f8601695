namespace Purser.Alerts;

/// <summary>A webhook with its URL resolved (env:VAR read at start-up).</summary>
internal sealed record WebhookTarget(Uri Url, IReadOnlyDictionary<string, string> Headers, int MinLevel)
{
    /// <summary>The URL without its path and query, for logs (webhook URLs often carry a secret in the path).</summary>
    public string SafeName => Url.GetLeftPart(UriPartial.Authority);

    public static List<WebhookTarget> From(AlertOptions options, Func<string, string?> getEnvironmentVariable)
    {
        var targets = new List<WebhookTarget>();
        foreach (WebhookOptions webhook in options.Webhooks)
        {
            if (Configuration.ProviderEnvironment.ResolveSecret(webhook.Url, getEnvironmentVariable) is { } url && Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
            {
                targets.Add(new WebhookTarget(uri, webhook.Headers, webhook.MinLevel));
            }
        }

        return targets;
    }
}
