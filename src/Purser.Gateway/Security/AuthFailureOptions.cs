namespace Purser.Gateway.Security;

/// <summary><c>Purser:Security:AuthFailures</c>: how many wrong keys one client address may send before it must wait.</summary>
public sealed class AuthFailureOptions
{
    /// <summary>Failed authentications (wrong master key, unknown or revoked virtual key) allowed per address per window. Default 10.</summary>
    public int Limit { get; set; } = 10;

    /// <summary>The window, in seconds; an address over the limit gets 429 with Retry-After until its window ends. Default 60.</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Addresses tracked at once (memory bound); beyond it, new addresses share one window. Default 10,000.</summary>
    public int MaxTrackedAddresses { get; set; } = 10_000;
}
