namespace Purser.Extensions.AI;

/// <summary>What a call asks of Purser's response cache (the in-process form of <c>Cache-Control</c> and <c>x-purser-cache</c>).</summary>
public enum PurserCacheMode
{
    /// <summary>As configured (<c>Purser:Cache</c>).</summary>
    Default,

    /// <summary>As configured, and also cache an answer sampled with a temperature above 0 (<c>x-purser-cache: force</c>).</summary>
    Force,

    /// <summary>Do not answer from the cache; store the fresh answer (<c>Cache-Control: no-cache</c>).</summary>
    Refresh,

    /// <summary>Neither read nor write the cache.</summary>
    Off,
}
