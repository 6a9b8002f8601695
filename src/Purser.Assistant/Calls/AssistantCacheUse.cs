namespace Purser.Assistant.Calls;

/// <summary>How an assistant call uses the gateway's exact response cache.</summary>
internal enum AssistantCacheUse
{
    /// <summary>Answer from the cache when the same call was made within its operation's TTL; store the answer (the default).</summary>
    Use,

    /// <summary>Ask the model again, and store the fresh answer (<c>--no-cache</c>).</summary>
    Refresh,

    /// <summary>Answer from the cache when it can, but do not store a fresh answer (<c>Cache-Control: no-store</c>).</summary>
    NoStore,

    /// <summary>Neither read nor store (file scoring: the analysis store already reuses answers for unchanged files).</summary>
    Off,
}
