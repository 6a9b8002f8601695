namespace Purser.Configuration;

/// <summary>The root of Purser's configuration (<c>Purser:…</c>).</summary>
public sealed class PurserOptions
{
    public const string SectionName = "Purser";

    /// <summary>Data folder (database, prompt overrides). Default: $PURSER_HOME or ~/.purser.</summary>
    public string? Home { get; set; }

    public Dictionary<string, ProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, ModelAliasOptions> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Master key and key requirement (<c>Purser:Auth</c>).</summary>
    public AuthOptions Auth { get; set; } = new();

    /// <summary>Ledger durability and queue (<c>Purser:Ledger</c>).</summary>
    public Ledger.LedgerOptions Ledger { get; set; } = new();

    /// <summary>The database (<c>Purser:Database</c>).</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>The exact response cache (<c>Purser:Cache</c>).</summary>
    public Caching.CacheOptions Cache { get; set; } = new();

    /// <summary>Conversation state of the Responses API (<c>Purser:Responses</c>).</summary>
    public ResponseState.ResponseStateOptions Responses { get; set; } = new();

    /// <summary>Timeouts, retries, circuit breaking (<c>Purser:Resilience</c>).</summary>
    public Resilience.ResilienceOptions Resilience { get; set; } = new();

    /// <summary>Auto routing and the configuration cascade (<c>Purser:Routing</c>).</summary>
    public Routing.RoutingOptions Routing { get; set; } = new();

    /// <summary>Budgets, tiers, reservations and allocation (<c>Purser:Budgets</c>).</summary>
    public Budgets.BudgetOptions Budgets { get; set; } = new();

    /// <summary>Request and token rates per key, user, project, agent, tag and instance (<c>Purser:RateLimits</c>).</summary>
    public RateLimits.RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Progressive budget alerts and webhooks (<c>Purser:Alerts</c>).</summary>
    public Alerts.AlertOptions Alerts { get; set; } = new();

    /// <summary>Translation between wire protocols (<c>Purser:Translation</c>).</summary>
    public TranslationOptions Translation { get; set; } = new();
}
