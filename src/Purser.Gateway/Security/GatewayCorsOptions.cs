namespace Purser.Gateway.Security;

/// <summary><c>Purser:Security:Cors</c>: the web page origins allowed to call the gateway from a browser.</summary>
public sealed class GatewayCorsOptions
{
    /// <summary>
    /// Origins (<c>https://app.example.com</c>, <c>http://localhost:3000</c>) whose pages may call the gateway; they get
    /// CORS answers (preflight included). <c>*</c> allows any page and needs <c>Purser:Auth:RequireKeys</c>. Default: none.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>How long a browser may cache a preflight answer (Access-Control-Max-Age), in seconds. Default 600.</summary>
    public int MaxAgeSeconds { get; set; } = 600;
}
