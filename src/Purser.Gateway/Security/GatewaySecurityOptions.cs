using System.Globalization;

namespace Purser.Gateway.Security;

/// <summary>
/// What the gateway answers at its HTTP edge, bound from <c>Purser:Security</c>: which <c>Host</c> names, which web page
/// origins (CORS), and how many failed authentications an address may make. Validated at start-up, each error naming its key.
/// </summary>
public sealed class GatewaySecurityOptions
{
    public const string SectionName = "Purser:Security";

    /// <summary>
    /// Host names answered besides the loopback ones (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>, always answered):
    /// exact names (<c>purser.internal</c>), a leading wildcard (<c>*.example.com</c>) or <c>*</c> (any). When empty, an
    /// open gateway (<c>Purser:Auth:RequireKeys</c> off) answers loopback names only — a web page that rebinds its own
    /// name to 127.0.0.1 gets 403 — and one that requires keys answers any name. When set, it applies in both modes.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Cross-origin requests from web pages (CORS). Off by default: a request with a foreign <c>Origin</c> gets 403.</summary>
    public GatewayCorsOptions Cors { get; set; } = new();

    /// <summary>Throttling of failed authentications per client address.</summary>
    public AuthFailureOptions AuthFailures { get; set; } = new();

    /// <summary>Every configuration error, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate(bool requireKeys)
    {
        var errors = new List<string>();
        for (int i = 0; i < AllowedHosts.Count; i++)
        {
            if (!HostAllowList.IsValidPattern(AllowedHosts[i]))
            {
                errors.Add($"{SectionName}:AllowedHosts:{i}: '{AllowedHosts[i]}' is not a host name, a '*.domain' wildcard or '*' (no scheme, port or path).");
            }
        }

        for (int i = 0; i < Cors.AllowedOrigins.Count; i++)
        {
            string origin = Cors.AllowedOrigins[i];
            if (origin == "*")
            {
                if (!requireKeys)
                {
                    errors.Add($"{SectionName}:Cors:AllowedOrigins:{i}: '*' is allowed only with Purser:Auth:RequireKeys on: an open gateway would let every web page spend its provider keys.");
                }
            }
            else if (!OriginPolicy.IsValidOrigin(origin))
            {
                errors.Add($"{SectionName}:Cors:AllowedOrigins:{i}: '{origin}' is not an origin such as https://app.example.com or http://localhost:3000 (scheme, host and optional port; no path).");
            }
        }

        if (Cors.MaxAgeSeconds is < 0 or > 86400)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:Cors:MaxAgeSeconds: {Cors.MaxAgeSeconds} is outside [0, 86400]."));
        }

        if (AuthFailures.Limit < 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:AuthFailures:Limit: {AuthFailures.Limit} must be at least 1."));
        }

        if (AuthFailures.WindowSeconds is < 1 or > 86400)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:AuthFailures:WindowSeconds: {AuthFailures.WindowSeconds} is outside [1, 86400]."));
        }

        if (AuthFailures.MaxTrackedAddresses < 16)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:AuthFailures:MaxTrackedAddresses: {AuthFailures.MaxTrackedAddresses} must be at least 16."));
        }

        return errors;
    }
}
