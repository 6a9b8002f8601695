using Microsoft.Extensions.Configuration;

namespace Purser.Gateway.Security;

/// <summary>
/// Where the gateway listens, read before it does: the listen URLs and any Kestrel endpoints in configuration. An open
/// gateway (no master key, or keys not required) listening beyond loopback would serve the operator's provider keys to
/// the network; it starts only with <c>--insecure-open</c>.
/// </summary>
internal sealed class ListenAddresses
{
    private ListenAddresses(IReadOnlyList<string> urls, IReadOnlyList<string> exposed, IReadOnlyList<string> explicitHosts)
    {
        Urls = urls;
        Exposed = exposed;
        ExplicitHosts = explicitHosts;
    }

    public IReadOnlyList<string> Urls { get; }

    /// <summary>The URLs that listen beyond loopback (a wildcard such as 0.0.0.0, [::], *, +, or another address or name).</summary>
    public IReadOnlyList<string> Exposed { get; }

    /// <summary>Host names or addresses named by an exposed URL (not wildcards): clients reach the gateway under them.</summary>
    public IReadOnlyList<string> ExplicitHosts { get; }

    public static ListenAddresses Read(string urls, IConfiguration configuration)
    {
        List<string> all = [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        foreach (IConfigurationSection endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                all.Add(url);
            }
        }

        var exposed = new List<string>();
        var hosts = new List<string>();
        foreach (string url in all)
        {
            string host = HostOf(url);
            if (HostAllowList.IsLoopback(host))
            {
                continue;
            }

            exposed.Add(url);
            if (host is not ("*" or "+" or "0.0.0.0" or "[::]" or "::" or "") && HostAllowList.IsValidPattern(host))
            {
                hosts.Add(host);
            }
        }

        return new ListenAddresses(all, exposed, hosts);
    }

    /// <summary>The host part of a listen URL (scheme://host:port/…), without parsing wildcards the way Uri would refuse them.</summary>
    private static string HostOf(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        string rest = scheme >= 0 ? url[(scheme + 3)..] : url;
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            rest = rest[..slash];
        }

        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? rest[..(close + 1)] : rest;
        }

        int colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }
}
