namespace Purser.Gateway;

/// <summary>HTTP-level settings: <c>Purser:Limits:…</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>Largest request body accepted, in bytes (default 10 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;
}
