using System.Net;
using Microsoft.AspNetCore.Http;

namespace Purser.Gateway.Security;

/// <summary>
/// Which <c>Host</c> names the gateway answers: the defence against DNS rebinding, where a web page points its own name at
/// 127.0.0.1 and then talks to the gateway as if it were same-origin. Loopback names (<c>localhost</c>, any 127.x.x.x,
/// <c>[::1]</c>) are always answered; others only when listed in <c>Purser:Security:AllowedHosts</c> or named by an explicit
/// listen address. The list is enforced whenever it is configured, and always on an open gateway (no keys required).
/// </summary>
internal sealed class HostAllowList
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _suffixes = [];
    private readonly bool _any;

    public HostAllowList(IEnumerable<string> configured, IEnumerable<string> listenHosts, bool requireKeys)
    {
        List<string> patterns = [.. configured];
        IsEnforced = patterns.Count > 0 || !requireKeys;
        foreach (string pattern in patterns.Concat(listenHosts))
        {
            string name = Normalize(pattern);
            if (name == "*")
            {
                _any = true;
            }
            else if (name.StartsWith("*.", StringComparison.Ordinal))
            {
                _suffixes.Add(name[1..]);
            }
            else if (name.Length > 0)
            {
                // Host headers carry IPv6 literals in brackets.
                _names.Add(!name.StartsWith('[') && IPAddress.TryParse(name, out IPAddress? ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{name}]" : name);
            }
        }
    }

    /// <summary>Whether Host names are checked at all (false: keys are required and no list is configured).</summary>
    public bool IsEnforced { get; }

    /// <summary>The names answered besides loopback ones, for messages.</summary>
    public string Describe() => _any ? "any name" : string.Join(", ", new[] { "localhost", "127.0.0.1", "[::1]" }.Concat(_names).Concat(_suffixes.Select(s => "*" + s)));

    /// <summary>Whether a request for <paramref name="host"/> is answered. No Host at all (HTTP/1.0) never comes from a browser.</summary>
    public bool Allows(HostString host)
    {
        if (!IsEnforced || _any || !host.HasValue)
        {
            return true;
        }

        // What nearly every local client sends (127.0.0.1:PORT, localhost:PORT), read from the header without allocating.
        ReadOnlySpan<char> raw = host.Value;
        int colon = raw.LastIndexOf(':');
        ReadOnlySpan<char> bare = colon > 0 && raw[0] != '[' ? raw[..colon] : raw;
        if (bare.SequenceEqual("127.0.0.1") || bare.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string name = Normalize(host.Host);
        if (name.Length == 0 || IsLoopback(name) || _names.Contains(name))
        {
            return true;
        }

        foreach (string suffix in _suffixes)
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && name.Length > suffix.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="name"/> is a loopback name: <c>localhost</c> or a loopback IP literal.</summary>
    public static bool IsLoopback(string name)
    {
        string bare = Normalize(name);
        if (bare.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(bare.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Whether a configured entry is a host name, an IP literal, <c>*.domain</c> or <c>*</c>.</summary>
    public static bool IsValidPattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return false;
        }

        string name = Normalize(pattern);
        if (name == "*")
        {
            return true;
        }

        if (name.StartsWith("*.", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        if (name.StartsWith('[') && name.EndsWith(']'))
        {
            return IPAddress.TryParse(name[1..^1], out IPAddress? v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        return Uri.CheckHostName(name) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6;
    }

    private static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
}
