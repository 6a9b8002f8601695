namespace Purser.Gateway;

/// <summary>HTTP-level settings: <c>Purser:Limits:…</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>Largest request body accepted, in bytes (default 10 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Most request-body bytes held at once across all requests (default 64 MiB); a request that would pass it gets
    /// a 503 with Retry-After in its protocol's format. Memory for a body's parsed form comes on top (see
    /// docs/RELIABILITY.md), so this bounds what many large bodies at once can cost.
    /// </summary>
    public long MaxInFlightBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Every invalid setting, each naming its key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxRequestBodyBytes < 1 || MaxRequestBodyBytes > Array.MaxLength)
        {
            errors.Add($"Purser:Limits:MaxRequestBodyBytes must be between 1 and {Array.MaxLength}; got {MaxRequestBodyBytes}.");
        }

        if (MaxInFlightBodyBytes < MaxRequestBodyBytes)
        {
            errors.Add($"Purser:Limits:MaxInFlightBodyBytes ({MaxInFlightBodyBytes}) must be at least Purser:Limits:MaxRequestBodyBytes ({MaxRequestBodyBytes}), or a body of the largest allowed size could never be read.");
        }

        return errors;
    }
}
