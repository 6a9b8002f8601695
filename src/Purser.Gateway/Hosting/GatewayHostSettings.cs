namespace Purser.Gateway;

/// <summary>How to start the gateway: where it listens, which configuration it reads.</summary>
public sealed class GatewayHostSettings
{
    /// <summary>Listen URLs; default http://127.0.0.1:{Port}.</summary>
    public string? Urls { get; set; }

    public int Port { get; set; } = 4000;

    /// <summary>
    /// Listen beyond loopback although the gateway is open (no master key, or Purser:Auth:RequireKeys off): anyone who
    /// reaches the address can spend the configured provider keys. <c>--insecure-open</c>; off by default, when such a
    /// listen address stops start-up.
    /// </summary>
    public bool InsecureOpen { get; set; }

    /// <summary>The listen URLs in effect: <see cref="Urls"/>, or http://127.0.0.1:{Port}.</summary>
    public string EffectiveUrls => Urls ?? $"http://127.0.0.1:{Port}";

    /// <summary>A JSON configuration file (<c>--config</c>).</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Configuration values that win over files and the environment (tests, command-line switches).</summary>
    public Dictionary<string, string?> Overrides { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Environment lookup; tests pass their own so the machine's variables don't leak in.</summary>
    public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Whether to read environment variables into configuration (Purser__… overrides).</summary>
    public bool ReadEnvironmentConfiguration { get; set; } = true;

    /// <summary>Extra service registrations, applied last (replace any part of Purser).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>A second port serving only <c>GET /metrics</c>, without a key (<c>--metrics-port</c>); null serves it on the gateway's port behind the admin guard.</summary>
    public int? MetricsPort { get; set; }

    /// <summary>Console log format: text (one line per event) or json (one JSON object per line, with trace ids, for log shippers).</summary>
    public string LogFormat { get; set; } = "text";

    /// <summary>Minimum log level for Purser's own categories.</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; set; } = Microsoft.Extensions.Logging.LogLevel.Information;
}
