namespace Purser.Configuration;

/// <summary><c>Purser:Auth</c>: the master key and whether callers need a virtual key.</summary>
public sealed class AuthOptions
{
    /// <summary>The master key (a value or env:VAR); PURSER_MASTER_KEY is used when unset. Protects every admin endpoint.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Require a virtual key (or the master key) on the gateway's model endpoints. Default: open (laptop mode).</summary>
    public bool RequireKeys { get; set; }
}
